package io.actionstream.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.trainer.train.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The epoch log survives crashes and resumes without duplicating epochs. */
class MetricsLogTest {
  @TempDir Path dir;

  static EpochMetrics epoch(int e) {
    Map<String, Double> slots = new LinkedHashMap<>();
    slots.put("size", 0.5 + e / 100.0);
    slots.put("action", 0.25 + e / 100.0);
    return new EpochMetrics(e, 2.0 / e, 2.5 / e, 0.1 * e, slots, 123.5 + e, 10.25);
  }

  @Test
  void shouldReadBackEveryAppendedEpochEqualToWhatWasWritten() throws IOException {
    Path file = dir.resolve("run").resolve(MetricsLog.FILE_NAME);
    try (MetricsLog log = MetricsLog.open(file, 1)) {
      for (int e = 1; e <= 3; e++) {
        log.append(epoch(e));
        // Flushed per epoch: readable while the log is still open.
        assertEquals(e, MetricsLog.read(file).size());
      }
    }
    assertEquals(List.of(epoch(1), epoch(2), epoch(3)), MetricsLog.read(file));
    assertEquals(3, Files.readAllLines(file).size());
  }

  @Test
  void shouldRoundTripNaNValidationLoss() throws IOException {
    Path file = dir.resolve(MetricsLog.FILE_NAME);
    EpochMetrics noVal = new EpochMetrics(1, 1.5, Double.NaN, 0, Map.of(), 10, 1);
    try (MetricsLog log = MetricsLog.open(file, 1)) {
      log.append(noVal);
    }
    assertTrue(Double.isNaN(MetricsLog.read(file).get(0).valLoss()));
  }

  @Test
  void shouldSkipTruncatedLastLineAndReturnTheRest() throws IOException {
    Path file = dir.resolve(MetricsLog.FILE_NAME);
    String whole = MetricsLog.toLine(epoch(1)) + MetricsLog.toLine(epoch(2));
    String cut = MetricsLog.toLine(epoch(3));
    Files.writeString(file, whole + cut.substring(0, cut.length() / 2), StandardCharsets.UTF_8);

    assertEquals(List.of(epoch(1), epoch(2)), MetricsLog.read(file));
  }

  @Test
  void shouldRejectMalformedLineBeforeTheLast() throws IOException {
    Path file = dir.resolve(MetricsLog.FILE_NAME);
    Files.writeString(
        file, "{\"epoch\":1,\n" + MetricsLog.toLine(epoch(2)), StandardCharsets.UTF_8);

    IOException e = assertThrows(IOException.class, () -> MetricsLog.read(file));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }

  @Test
  void resumeShouldDropEpochsFromFirstEpochOnAndAppendAfterTheRest() throws IOException {
    Path file = dir.resolve(MetricsLog.FILE_NAME);
    try (MetricsLog log = MetricsLog.open(file, 1)) {
      for (int e = 1; e <= 5; e++) {
        log.append(epoch(e));
      }
    }
    // Crash while writing epoch 6, resume from the checkpoint of epoch 3.
    Files.writeString(file, "{\"epoch\":6,\"trai", StandardOpenOption.APPEND);
    try (MetricsLog log = MetricsLog.open(file, 4)) {
      assertEquals(List.of(epoch(1), epoch(2), epoch(3)), MetricsLog.read(file));
      log.append(epoch(4));
    }
    assertEquals(List.of(epoch(1), epoch(2), epoch(3), epoch(4)), MetricsLog.read(file));
    assertFalse(Files.exists(file.resolveSibling(MetricsLog.FILE_NAME + ".tmp")));
  }

  @Test
  void freshRunShouldEmptyAnExistingLog() throws IOException {
    Path file = dir.resolve(MetricsLog.FILE_NAME);
    try (MetricsLog log = MetricsLog.open(file, 1)) {
      log.append(epoch(1));
    }
    try (MetricsLog log = MetricsLog.open(file, 1)) {
      assertEquals(List.of(), MetricsLog.read(log.file()));
    }
  }

  @Test
  void appendAfterCloseShouldFail() throws IOException {
    MetricsLog log = MetricsLog.open(dir.resolve(MetricsLog.FILE_NAME), 1);
    log.close();
    assertThrows(IllegalStateException.class, () -> log.append(epoch(1)));
  }
}
