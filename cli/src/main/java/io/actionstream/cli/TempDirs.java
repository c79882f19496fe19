package io.actionstream.cli;

import io.actionstream.core.util.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Temporary directories of the command line (broker data, demo state). */
public final class TempDirs {
  private TempDirs() {}

  /** Deletes {@code dir} and everything under it, ignoring failures (best effort). */
  public static void deleteQuietly(Path dir) {
    try {
      FileTrees.deleteTree(dir);
    } catch (IOException | UncheckedIOException e) {
      // best effort: what is left is under the system's temporary directory
    }
  }
}
