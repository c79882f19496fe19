package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionstream.cli.demo.DemoModel;
import io.actionstream.cli.kafka.LocalKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code actionstream bench} with tiny numbers on the bundled model and checks that the report
 * adds up: clips sent = predictions = clips the model computed, one per clip, ratio = end to end /
 * raw, paired ratio = median of window-pair ratios, the model's busy share and speed, medians of
 * the windows. Nothing here asserts a speed.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BenchCommandTest {
  private static final int STREAMS = 2;
  private static final int CLIPS = 6;
  private static final int REPEATS = 2;

  @TempDir Path dir;

  @Test
  void shouldReportConsistentRawAndEndToEndFiguresWithOnePredictionPerClip() throws Exception {
    Path json = dir.resolve("bench.json");
    CliRun run = bench(json, "--batch-sizes", "1,4");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("summary: batch 1 end to end "), run.toString());
    assertTrue(run.out().contains("every clip got exactly one prediction: yes"), run.toString());
    assertTrue(run.out().contains("memory at the end: Java heap "), run.toString());

    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertEquals(DemoModel.VERSION + " 8x32x32", report.get("model").asText());
    assertTrue(report.get("exactlyOnePerClip").asBoolean());
    JsonNode rows = report.get("rows");
    assertEquals(2, rows.size());
    for (JsonNode row : rows) {
      JsonNode raw = row.get("raw");
      assertEquals(REPEATS, raw.get("windows").size());
      assertEquals(median(raw.get("windows")), raw.get("clipsPerSecond").asDouble(), 1e-9);
      assertTrue(raw.get("callP50Ms").asDouble() <= raw.get("callP99Ms").asDouble());
      assertEquals(0, raw.get("loadedWindows").size(), "not asked for: " + raw);
      assertTrue(row.get("loadedRatio").isNull(), row.toString());
    }

    JsonNode one = rows.get(0);
    assertEquals(1, one.get("batchSize").asInt());
    assertEndToEnd(one);

    JsonNode four = rows.get(1);
    assertEquals(4, four.get("batchSize").asInt());
    assertEndToEnd(four); // micro-batched end to end: still exactly one prediction per clip
  }

  @Test
  void shouldRunEndToEndAgainstABrokerElsewhereAndTimeRawBesideBusyCores() throws Exception {
    Path json = dir.resolve("bench.json");
    try (LocalKafka kafka = LocalKafka.start()) {
      CliRun run =
          bench(
              json,
              "--batch-sizes",
              "1",
              "--loaded-raw",
              "--bootstrap-servers",
              kafka.bootstrapServers());
      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.out().contains("every clip got exactly one prediction: yes"), run.toString());
      // the benchmark's topics are gone again; the broker goes on
      assertEquals(Set.of(), kafka.topicNames(), run.toString());
    }

    JsonNode row = new ObjectMapper().readTree(json.toFile()).get("rows").get(0);
    assertEndToEnd(row);
    JsonNode loaded = row.get("raw").get("loadedWindows");
    assertEquals(REPEATS, loaded.size());
    JsonNode windows = row.get("endToEnd").get("windows");
    List<Double> pairs = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      pairs.add(windows.get(i).get("clipsPerSecond").asDouble() / loaded.get(i).asDouble());
    }
    assertEquals(median(pairs), row.get("loadedRatio").asDouble(), 1e-9);
  }

  /**
   * {@code bench} with this test's tiny numbers, {@code options} and a JSON report to {@code json}.
   */
  private static CliRun bench(Path json, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "--clips",
                "" + CLIPS,
                "--streams",
                "" + STREAMS,
                "--repeats",
                "" + REPEATS,
                "--warmup",
                "2",
                "--json",
                json.toString()));
    args.addAll(List.of(options));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void assertEndToEnd(JsonNode row) {
    JsonNode e2e = row.get("endToEnd");
    assertNotNull(e2e, row.toString());
    assertFalse(e2e.isNull(), row.toString());
    JsonNode windows = e2e.get("windows");
    assertEquals(REPEATS, windows.size());
    List<JsonNode> all = new ArrayList<>();
    windows.forEach(all::add);
    all.add(e2e.get("paced"));
    for (JsonNode w : all) {
      assertEquals(CLIPS, w.get("clips").asInt(), w.toString());
      assertEquals(CLIPS, w.get("predicted").asInt(), w.toString());
      assertEquals(0, w.get("duplicates").asInt(), w.toString());
      assertEquals(0, w.get("unexpected").asInt(), w.toString());
      assertEquals(CLIPS * 8L, w.get("frames").asLong(), w.toString());
      assertEquals(CLIPS / w.get("seconds").asDouble(), w.get("clipsPerSecond").asDouble(), 1e-6);
      assertTrue(w.get("p50Ms").asDouble() <= w.get("p99Ms").asDouble(), w.toString());
      // one stream thread, one inference thread: the model computed each clip once, within the
      // window, so it cannot have been busy for longer than the window
      assertEquals(CLIPS, w.get("modelClips").asLong(), w.toString());
      double modelSeconds = w.get("modelSeconds").asDouble();
      assertTrue(modelSeconds > 0 && modelSeconds <= w.get("seconds").asDouble(), w.toString());
      assertEquals(modelSeconds / w.get("seconds").asDouble(), w.get("modelBusy").asDouble(), 1e-9);
      assertEquals(CLIPS / modelSeconds, w.get("modelClipsPerSecond").asDouble(), 1e-6);
    }
    List<Double> rates = new ArrayList<>();
    windows.forEach(w -> rates.add(w.get("clipsPerSecond").asDouble()));
    double throughput = e2e.get("clipsPerSecond").asDouble();
    assertEquals(median(rates), throughput, 1e-9);
    assertTrue(windows.get(0).get("offeredClipsPerSecond").isNull());
    assertEquals(0.5 * throughput, e2e.get("paced").get("offeredClipsPerSecond").asDouble(), 1e-6);
    assertEquals(
        throughput / row.get("raw").get("clipsPerSecond").asDouble(),
        row.get("ratio").asDouble(),
        1e-9);
    JsonNode rawWindows = row.get("raw").get("windows");
    List<Double> pairs = new ArrayList<>();
    List<Double> speeds = new ArrayList<>();
    List<Double> busy = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      pairs.add(rates.get(i) / rawWindows.get(i).asDouble());
      JsonNode w = windows.get(i);
      speeds.add(w.get("modelClipsPerSecond").asDouble() / rawWindows.get(i).asDouble());
      busy.add(w.get("modelBusy").asDouble());
    }
    assertEquals(median(pairs), row.get("pairedRatio").asDouble(), 1e-9);
    assertEquals(median(speeds), row.get("modelSpeed").asDouble(), 1e-9);
    assertEquals(median(busy), row.get("modelBusy").asDouble(), 1e-9);
  }

  private static double median(JsonNode values) {
    List<Double> list = new ArrayList<>();
    values.forEach(v -> list.add(v.asDouble()));
    return median(list);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
