package io.actionstream.service.registry;

import java.nio.file.Path;

/** What the {@link ModelWatcher} drives: the running service's hot swap. */
public interface ModelSwapTarget {
  /**
   * Validates, probes, warms up and swaps to the package in {@code directory}.
   *
   * @return the version that served before
   * @throws RuntimeException if the package is refused (the old model keeps serving)
   */
  String swapModel(Path directory);

  /** The version serving now. */
  String modelVersion();

  /** Records that {@code version} could not even be fetched, with why. */
  void modelRefused(String version, RuntimeException why);
}
