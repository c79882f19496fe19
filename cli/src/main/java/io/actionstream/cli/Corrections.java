package io.actionstream.cli;

import io.actionstream.core.wire.LabelReference;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A corrections file: what people say clips the service predicted truly show, one clip per line,
 * turned into {@link LabelReference}s. CSV, UTF-8, a header line {@code
 * streamId,firstFrame,lastFrame,sentence} (optionally {@code ,labelId}), then one row per clip;
 * blank lines and lines starting with {@code #} are skipped. Without a {@code labelId} column a
 * row's id is {@code <file name>:<line>}. The sentence's words are checked by the service against
 * the serving model (a bad one is dead-lettered there); everything else is checked here, and a file
 * with any bad row is refused whole, every bad row named.
 */
final class Corrections {
  static final String HEADER = "streamId,firstFrame,lastFrame,sentence";
  static final String HEADER_WITH_IDS = HEADER + ",labelId";

  private Corrections() {}

  /**
   * The references of {@code file}, made at {@code nowMs}.
   *
   * @throws IllegalArgumentException naming the file and every bad line
   * @throws UncheckedIOException if the file cannot be read
   */
  static List<LabelReference> read(Path file, long nowMs) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read corrections file " + file + ": " + e, e);
    }
    List<String> problems = new ArrayList<>();
    List<LabelReference> refs = new ArrayList<>();
    int header = -1;
    boolean ids = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (header < 0) {
        header = i;
        ids = line.equals(HEADER_WITH_IDS);
        if (!ids && !line.equals(HEADER)) {
          problems.add(
              "line "
                  + (i + 1)
                  + ": expected the header '"
                  + HEADER
                  + "' (or with ',labelId'), got '"
                  + line
                  + "'");
          break;
        }
        continue;
      }
      try {
        refs.add(row(line, ids, file.getFileName() + ":" + (i + 1), nowMs));
      } catch (IllegalArgumentException e) {
        problems.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (header < 0) {
      problems.add("no header line '" + HEADER + "'");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "corrections file "
              + file
              + " refused, nothing sent:\n  "
              + String.join("\n  ", problems));
    }
    return refs;
  }

  private static LabelReference row(String line, boolean ids, String defaultId, long nowMs) {
    String[] f = line.split(",", -1);
    int expected = ids ? 5 : 4;
    if (f.length != expected) {
      throw new IllegalArgumentException(
          "expected " + expected + " comma-separated fields, got " + f.length);
    }
    String streamId = f[0].strip();
    try {
      StreamIds.requireValid(streamId);
      return LabelReference.of(
          ids ? f[4].strip() : defaultId,
          streamId,
          number(f[1], "firstFrame"),
          number(f[2], "lastFrame"),
          f[3].strip(),
          nowMs);
    } catch (WireFormatException e) {
      throw new IllegalArgumentException(e.detail(), e);
    }
  }

  private static long number(String text, String field) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          field + ": expected an integer 0..2^63-1, got '" + text.strip() + "'", e);
    }
  }
}
