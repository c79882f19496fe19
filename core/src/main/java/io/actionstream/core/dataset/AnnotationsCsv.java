package io.actionstream.core.dataset;

import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Sentence;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses an {@code annotations.csv}: a header naming the columns {@code path}, {@code split} and
 * {@code sentence} (any order, case-insensitive), then one row per clip. Fields may be wrapped in
 * double quotes (a doubled {@code ""} inside is one quote); unquoted fields are trimmed; blank
 * lines are skipped. Every row is checked up front, so a bad one fails before any training starts,
 * with an error naming the file and line.
 */
final class AnnotationsCsv {
  /** One checked row. */
  record Row(int line, String path, Path file, Partition partition, Sentence sentence) {}

  private AnnotationsCsv() {}

  /**
   * Reads and checks every row of {@code csv}; paths are resolved against the CSV's directory and
   * must name an existing directory or an {@code .mp4} file.
   *
   * @throws DatasetException naming the line of the first bad row
   */
  static List<Row> read(Path csv, PropertySchema schema) {
    if (!Files.isRegularFile(csv)) {
      throw new DatasetException("no annotation file " + csv);
    }
    Path base = csv.toAbsolutePath().getParent();
    List<Row> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line == null) {
        throw new DatasetException(csv + " is empty; expected the header path,split,sentence");
      }
      int[] columns = header(csv, line);
      int number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        rows.add(row(csv, base, schema, number, line, columns));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
    return rows;
  }

  private static int[] header(Path csv, String line) {
    List<String> names = split(line).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    int[] columns = {names.indexOf("path"), names.indexOf("split"), names.indexOf("sentence")};
    if (columns[0] < 0 || columns[1] < 0 || columns[2] < 0 || names.size() != 3) {
      throw new DatasetException(
          csv + " line 1: header must be path,split,sentence, got '" + line + "'");
    }
    return columns;
  }

  private static Row row(
      Path csv, Path base, PropertySchema schema, int number, String line, int[] columns) {
    String where = csv.getFileName() + " line " + number + ": ";
    List<String> fields;
    try {
      fields = split(line);
    } catch (IllegalArgumentException e) {
      throw new DatasetException(where + e.getMessage(), e);
    }
    if (fields.size() != 3) {
      throw new DatasetException(
          where + "expected 3 fields (path,split,sentence), got " + fields.size() + ": " + line);
    }
    String path = fields.get(columns[0]);
    try {
      Partition partition = Partition.parse(fields.get(columns[1]));
      Sentence sentence = schema.parse(fields.get(columns[2]));
      if (path.isEmpty()) {
        throw new IllegalArgumentException("empty path");
      }
      Path file = base.resolve(path).normalize();
      boolean mp4 = path.toLowerCase(Locale.ROOT).endsWith(".mp4");
      if (mp4 ? !Files.isRegularFile(file) : !Files.isDirectory(file)) {
        throw new IllegalArgumentException(
            (mp4 ? "no MP4 file " : "no frame directory ") + file + " (from path '" + path + "')");
      }
      return new Row(number, path, file, partition, sentence);
    } catch (IllegalArgumentException e) {
      throw new DatasetException(where + e.getMessage(), e);
    }
  }

  /** Splits one CSV line on commas outside double quotes. */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.toString().isBlank()) {
        quoted = true;
        wasQuoted = true;
        field.setLength(0);
      } else if (c == ',') {
        fields.add(wasQuoted ? field.toString() : field.toString().trim());
        field.setLength(0);
        wasQuoted = false;
      } else if (!(wasQuoted && Character.isWhitespace(c))) {
        if (wasQuoted) {
          throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
        }
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quote");
    }
    fields.add(wasQuoted ? field.toString() : field.toString().trim());
    return fields;
  }
}
