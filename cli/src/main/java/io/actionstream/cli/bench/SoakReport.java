package io.actionstream.cli.bench;

import io.actionstream.cli.bench.SoakBenchmark.Sample;
import io.actionstream.core.plot.LinePlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What a soak run measured and whether it held: the samples as CSV, Markdown with the median of
 * each quarter of the run and each figure's slope over the second half, and charts. The run fails
 * if the service died, or if, from the second quarter to the last, resident memory grew by more
 * than 10 % + 32 MB, heap (the quarter's maximum) by more than 10 % + 32 MB, open files by more
 * than 16, or the median lag by more than one second of input and 50 % (growth without bound shows
 * as all of these; a settled service as none).
 */
public record SoakReport(
    SoakBenchmark.Settings settings,
    double capacity,
    double clipsPerSecond,
    double framesPerSecond,
    List<Sample> samples,
    boolean serviceAlive) {
  /** The report file names. */
  public static final String MARKDOWN = "soak.md";

  /** The samples. */
  public static final String CSV = "samples.csv";

  /** Heap and resident memory over time. */
  public static final String MEMORY_PLOT = "soak-memory.png";

  /** Lag and latency over time. */
  public static final String LAG_PLOT = "soak-lag.png";

  /** The reasons the run failed; empty if it held. */
  public List<String> failures() {
    List<String> why = new ArrayList<>();
    if (!serviceAlive) {
      why.add("the service died");
    }
    if (samples.size() < 8) {
      why.add("only " + samples.size() + " samples: run longer");
      return why;
    }
    grew(
        why,
        "resident memory (MB)",
        quarter(1, Sample::rssMb, false),
        quarter(3, Sample::rssMb, false),
        0.10,
        32);
    grew(why, "heap floor (MB)", floor(1), floor(3), 0.10, 32);
    grew(
        why,
        "open files",
        quarter(1, s -> s.openFiles(), true),
        quarter(3, s -> s.openFiles(), true),
        0,
        16);
    grew(
        why,
        "lag (frames)",
        quarter(1, s -> s.lag(), false),
        quarter(3, s -> s.lag(), false),
        0.5,
        framesPerSecond);
    return why;
  }

  private static void grew(
      List<String> why, String what, double before, double after, double share, double slack) {
    if (after > before * (1 + share) + slack) {
      why.add(
          String.format(
              Locale.ROOT,
              "%s grew from %.1f to %.1f (allowed %.1f)",
              what,
              before,
              after,
              before * (1 + share) + slack));
    }
  }

  /** The median (or maximum) of {@code f} over quarter {@code q} (0..3) of the samples. */
  double quarter(int q, ToDoubleFunction<Sample> f, boolean max) {
    int n = samples.size();
    List<Double> values = new ArrayList<>();
    for (Sample s : samples.subList(q * n / 4, (q + 1) * n / 4)) {
      double v = f.applyAsDouble(s);
      if (Double.isFinite(v) && v >= 0) {
        values.add(v);
      }
    }
    if (values.isEmpty()) {
      return Double.NaN;
    }
    return max
        ? values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
        : Stats.median(values);
  }

  /** The least heap in use in quarter {@code q}: what survived the collections. */
  double floor(int q) {
    int n = samples.size();
    return samples.subList(q * n / 4, (q + 1) * n / 4).stream()
        .mapToDouble(Sample::heapMb)
        .filter(Double::isFinite)
        .min()
        .orElse(Double.NaN);
  }

  /** Least-squares slope of {@code f} per minute over the second half of the run. */
  double slopePerMinute(ToDoubleFunction<Sample> f) {
    List<Sample> half = samples.subList(samples.size() / 2, samples.size());
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (Sample s : half) {
      double y = f.applyAsDouble(s);
      if (Double.isFinite(y) && y >= 0) {
        n++;
        sx += s.minutes();
        sy += y;
        sxx += s.minutes() * s.minutes();
        sxy += s.minutes() * y;
      }
    }
    double d = n * sxx - sx * sx;
    return n < 2 || d == 0 ? Double.NaN : (n * sxy - sx * sy) / d;
  }

  /** Writes the CSV, the Markdown and the charts into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder csv =
        new StringBuilder(
            "minutes,heap_mb,rss_mb,open_files,lag_frames,p50_ms,p99_ms,clips_per_s\n");
    for (Sample s : samples) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%.3f,%.1f,%.1f,%d,%d,%.0f,%.0f,%.1f%n",
              s.minutes(),
              s.heapMb(),
              s.rssMb(),
              s.openFiles(),
              s.lag(),
              s.p50Ms(),
              s.p99Ms(),
              s.clipsPerSecond()));
    }
    Files.writeString(dir.resolve(CSV), csv);
    Files.writeString(dir.resolve(MARKDOWN), markdown());
    double[] minutes = samples.stream().mapToDouble(Sample::minutes).toArray();
    LinePlot.builder()
        .title("soak: service memory")
        .xLabel("minutes")
        .yLabel("MB")
        .series("resident", minutes, column(Sample::rssMb))
        .series("heap in use", minutes, column(Sample::heapMb))
        .build()
        .writePng(dir.resolve(MEMORY_PLOT));
    LinePlot.builder()
        .title("soak: lag (frames) and p99 latency (ms)")
        .xLabel("minutes")
        .series("lag", minutes, column(s -> s.lag()))
        .series("p99 latency", minutes, column(Sample::p99Ms))
        .build()
        .writePng(dir.resolve(LAG_PLOT));
  }

  private double[] column(ToDoubleFunction<Sample> f) {
    return samples.stream().mapToDouble(f).toArray();
  }

  /** The report as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder("# Soak\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Capacity %.1f clips/s; streamed %.1f clips/s (%.0f %%) from %d cameras for %s;"
                + " %d samples every %s. Verdict: **%s**.%n%n",
            capacity,
            clipsPerSecond,
            100 * settings.load(),
            settings.streams(),
            settings.duration(),
            samples.size(),
            settings.sampleEvery(),
            failures().isEmpty() ? "held" : "FAILED: " + String.join("; ", failures())));
    md.append(
        "| figure | quarter 1 | quarter 2 | quarter 3 | quarter 4 | slope per minute, 2nd half |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    row(md, "resident memory (MB)", Sample::rssMb, false);
    row(md, "heap in use, median (MB)", Sample::heapMb, false);
    row(md, "open files, max", s -> s.openFiles(), true);
    row(md, "lag (frames)", s -> s.lag(), false);
    row(md, "p50 latency (ms)", Sample::p50Ms, false);
    row(md, "p99 latency (ms)", Sample::p99Ms, false);
    row(md, "clips/s", Sample::clipsPerSecond, false);
    md.append("\n![memory](" + MEMORY_PLOT + ") ![lag](" + LAG_PLOT + ")\n");
    return md.toString();
  }

  private void row(StringBuilder md, String name, ToDoubleFunction<Sample> f, boolean max) {
    md.append("| ").append(name);
    for (int q = 0; q < 4; q++) {
      md.append(
          String.format(
              Locale.ROOT, " | %.1f", samples.size() < 4 ? Double.NaN : quarter(q, f, max)));
    }
    md.append(String.format(Locale.ROOT, " | %+.2f |%n", slopePerMinute(f)));
  }
}
