package io.actionstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.cli.bench.SoakBenchmark.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakReportTest {
  @TempDir Path dir;

  private static SoakReport report(IntFunction<Sample> sample, int n, boolean alive) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      samples.add(sample.apply(i));
    }
    SoakBenchmark.Settings settings =
        new SoakBenchmark.Settings(
            Path.of("."),
            Path.of("."),
            8,
            0.8,
            Duration.ofMinutes(10),
            Duration.ofSeconds(5),
            200,
            "512m",
            1,
            2,
            Map.of());
    return new SoakReport(settings, 100, 80, 640, samples, alive);
  }

  /** Steady figures with a garbage-collector sawtooth on the heap. */
  private static Sample steady(int i) {
    return new Sample(
        i / 12.0, 40 + (i % 6) * 20, 500 + (i % 3), 150 + i % 2, 60 + i % 5, 80, 150, 80);
  }

  @Test
  void steadyFiguresHold() {
    SoakReport r = report(SoakReportTest::steady, 120, true);
    assertEquals(List.of(), r.failures());
    assertEquals(0.0, r.slopePerMinute(Sample::p50Ms), 1e-9);
    assertTrue(r.markdown().contains("Verdict: **held**"), r.markdown());
  }

  @Test
  void growthWithoutBoundFailsNamingWhatGrew() {
    SoakReport leak =
        report(
            i -> {
              Sample s = steady(i);
              return new Sample(
                  s.minutes(),
                  s.heapMb() + i,
                  s.rssMb() + 2 * i,
                  s.openFiles() + i,
                  s.lag() + 200 * i,
                  s.p50Ms(),
                  s.p99Ms(),
                  s.clipsPerSecond());
            },
            120,
            true);
    String why = String.join("; ", leak.failures());
    for (String what : List.of("resident memory", "heap floor", "open files", "lag")) {
      assertTrue(why.contains(what), what + " in: " + why);
    }
    assertEquals(24.0, leak.slopePerMinute(Sample::rssMb), 0.1, "2 MB per sample, 12 per minute");
  }

  @Test
  void aDeadServiceOrTooShortARunFails() {
    assertEquals(
        List.of("the service died"), report(SoakReportTest::steady, 120, false).failures());
    assertTrue(report(SoakReportTest::steady, 5, true).failures().get(0).contains("5 samples"));
  }

  @Test
  void writesTheCsvTheMarkdownAndTwoCharts() throws Exception {
    report(SoakReportTest::steady, 40, true).write(dir);
    assertEquals(41, Files.readAllLines(dir.resolve(SoakReport.CSV)).size());
    for (String png : List.of(SoakReport.MEMORY_PLOT, SoakReport.LAG_PLOT)) {
      assertTrue(ImageIO.read(dir.resolve(png).toFile()).getWidth() > 0, png);
    }
  }
}
