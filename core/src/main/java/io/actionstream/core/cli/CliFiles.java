package io.actionstream.core.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** File and stream helpers shared by the commands. */
final class CliFiles {
  private CliFiles() {}

  /** Total size of the regular files under {@code dir}. */
  static long sizeOnDisk(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * A print stream onto {@code writer}, for APIs such as {@code ProgressBar} that take a stream.
   * Characters outside ISO-8859-1 come out as {@code ?}.
   */
  static PrintStream printStream(PrintWriter writer) {
    OutputStream bytes =
        new OutputStream() {
          @Override
          public void write(int b) {
            writer.write(b & 0xFF);
          }

          @Override
          public void flush() {
            writer.flush();
          }
        };
    return new PrintStream(bytes, true, StandardCharsets.ISO_8859_1);
  }
}
