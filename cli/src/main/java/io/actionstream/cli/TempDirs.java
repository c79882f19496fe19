package io.actionstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of the command line (broker data, demo state). */
public final class TempDirs {
  private TempDirs() {}

  /** Deletes {@code dir} and everything under it, ignoring failures (best effort). */
  public static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort: what is left is under the system's temporary directory
    }
  }
}
