package io.actionstream.trainer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionstream.trainer.train.EpochMetrics;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The epoch log of a training run: one {@link EpochMetrics} JSON object per line in {@value
 * #FILE_NAME}, appended and forced to disk after every epoch, so a crash loses nothing already
 * written.
 *
 * <p>Reading tolerates a truncated last line (the epoch being written when the process died): it is
 * skipped. A malformed line anywhere else is an error, since it means the file was damaged rather
 * than cut short.
 *
 * <p>Resuming: {@link #open(Path, int)} keeps only the lines of epochs before {@code firstEpoch}
 * (and drops a truncated tail), rewriting the file atomically through a temporary file, so a run
 * resumed from a checkpoint at epoch {@code n} appends epochs {@code n+1, ...} without duplicates.
 *
 * <p>Not thread-safe: one writer per file.
 */
public final class MetricsLog implements Closeable {
  /** The conventional file name inside a run directory. */
  public static final String FILE_NAME = "metrics.jsonl";

  // Unknown fields are ignored so logs written by a newer trainer still read.
  static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;
  private final FileChannel channel;
  private boolean closed;

  private MetricsLog(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * Opens {@code file} for appending, keeping only epochs before {@code firstEpoch}: pass the first
   * epoch this run will write (1 for a fresh run, which empties an existing log; {@code n + 1} when
   * resuming from epoch {@code n}). Creates the file and its parent directories if missing.
   *
   * @throws IllegalArgumentException if {@code firstEpoch < 1}
   * @throws IOException if the file cannot be read or rewritten, or has a malformed line before its
   *     last
   */
  public static MetricsLog open(Path file, int firstEpoch) throws IOException {
    Objects.requireNonNull(file, "file");
    if (firstEpoch < 1) {
      throw new IllegalArgumentException("firstEpoch must be at least 1, got " + firstEpoch);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (Files.exists(file)) {
      List<String> kept = new ArrayList<>();
      for (Line line : parse(file)) {
        if (line.metrics().epoch() < firstEpoch) {
          kept.add(line.text());
        }
      }
      rewrite(file, kept);
    }
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new MetricsLog(file, channel);
  }

  /**
   * Appends one epoch as a JSON line and forces it to disk before returning.
   *
   * @throws IllegalStateException if the log is closed
   */
  public void append(EpochMetrics metrics) throws IOException {
    Objects.requireNonNull(metrics, "metrics");
    if (closed) {
      throw new IllegalStateException("metrics log " + file + " is closed");
    }
    ByteBuffer bytes = ByteBuffer.wrap(toLine(metrics).getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    channel.force(false);
  }

  /** The file this log writes. */
  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }

  /**
   * Reads every epoch in {@code file}, in file order, skipping a truncated last line.
   *
   * @throws IOException if the file cannot be read or a line before the last is malformed
   */
  public static List<EpochMetrics> read(Path file) throws IOException {
    List<EpochMetrics> out = new ArrayList<>();
    for (Line line : parse(file)) {
      out.add(line.metrics());
    }
    return out;
  }

  /** One epoch as the JSON line this log writes, newline included. */
  static String toLine(EpochMetrics metrics) throws JsonProcessingException {
    return JSON.writeValueAsString(metrics) + "\n";
  }

  private record Line(String text, EpochMetrics metrics) {}

  private static List<Line> parse(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    // A trailing blank line is the normal end of the file, not data.
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    List<Line> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) {
        continue;
      }
      try {
        out.add(new Line(text, JSON.readValue(text, EpochMetrics.class)));
      } catch (JsonProcessingException e) {
        if (i == lines.size() - 1) {
          break; // cut short by a crash while writing: the rest of the log is good
        }
        throw new IOException(
            file + " line " + (i + 1) + ": expected an EpochMetrics JSON object, got: " + text, e);
      }
    }
    return out;
  }

  private static void rewrite(Path file, List<String> lines) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(false);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
