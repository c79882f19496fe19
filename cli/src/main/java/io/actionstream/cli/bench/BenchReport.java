package io.actionstream.cli.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark run measured: one row per batch size (raw, end to end, their ratio), the run's
 * context and the memory at the end. Printed as a table and a one-line summary, or written as JSON.
 *
 * @param model model version and input shape, e.g. {@code bench-default 16x64x64}
 * @param executionProvider where the model ran ({@code CPU} or {@code CUDA})
 * @param settings the options of the run
 * @param java Java version
 * @param cores available processors
 * @param loadBefore load averages (1, 5, 15 min) when the run started
 * @param loadAfter load averages when it ended
 * @param processing how the topology ran (guarantee, threads, commit interval)
 * @param rows one per batch size, in the order asked
 * @param memory heap and resident memory at the end
 */
public record BenchReport(
    String model,
    String executionProvider,
    BenchSettings settings,
    String java,
    int cores,
    String loadBefore,
    String loadAfter,
    String processing,
    List<Row> rows,
    Machine.Memory memory) {

  /** The ratio the issue asks end-to-end throughput to reach, as a fraction of raw throughput. */
  public static final double TARGET_RATIO = 0.9;

  /**
   * One batch size.
   *
   * @param batchSize clips per predictor call
   * @param raw the predictor alone
   * @param endToEnd the pipeline
   * @param ratio {@code endToEnd.clipsPerSecond / raw.clipsPerSecond} (ratio of the medians)
   * @param pairedRatio the median over window pairs of end-to-end window i ÷ raw window i: the two
   *     windows of a pair ran back to back, so this ratio is the one least moved by the machine's
   *     speed drifting between windows
   * @param modelBusy the median over end-to-end windows of the share of the window the model was
   *     busy: below 1, the model waited for the pipeline
   * @param modelSpeed the median over window pairs of the model's clips per second of model time in
   *     end-to-end window i ÷ raw window i: below 1, the model's calls took longer in the pipeline
   *     than alone (cores, caches and memory shared with Kafka). {@code pairedRatio} is about
   *     {@code modelBusy × modelSpeed}, so the two say where the gap to raw throughput is
   * @param loadedRatio the median over window pairs of end-to-end window i ÷ raw window i timed
   *     beside busy cores ({@link RawResult#loadedWindows()}); {@code null} if those were not timed
   */
  public record Row(
      int batchSize,
      RawResult raw,
      EndToEndResult endToEnd,
      double ratio,
      double pairedRatio,
      double modelBusy,
      double modelSpeed,
      Double loadedRatio) {
    /** A row with both measurements; they must have the same number of windows. */
    static Row of(RawResult raw, EndToEndResult endToEnd) {
      List<Double> rawWindows = raw.windows();
      List<PassResult> e2eWindows = endToEnd.windows();
      requirePairs(rawWindows.size(), e2eWindows.size(), "end to end " + e2eWindows.size());
      List<Double> loadedWindows = raw.loadedWindows();
      if (!loadedWindows.isEmpty()) {
        requirePairs(
            rawWindows.size(), loadedWindows.size(), loadedWindows.size() + " beside busy cores");
      }
      List<Double> pairs = new ArrayList<>();
      List<Double> speeds = new ArrayList<>();
      List<Double> loadedPairs = new ArrayList<>();
      for (int i = 0; i < rawWindows.size(); i++) {
        PassResult e2e = e2eWindows.get(i);
        pairs.add(e2e.clipsPerSecond() / rawWindows.get(i));
        speeds.add(e2e.modelClipsPerSecond() / rawWindows.get(i));
        if (!loadedWindows.isEmpty()) {
          loadedPairs.add(e2e.clipsPerSecond() / loadedWindows.get(i));
        }
      }
      return new Row(
          raw.batchSize(),
          raw,
          endToEnd,
          endToEnd.clipsPerSecond() / raw.clipsPerSecond(),
          Stats.median(pairs),
          Stats.median(e2eWindows.stream().map(PassResult::modelBusy).toList()),
          Stats.median(speeds),
          loadedPairs.isEmpty() ? null : Stats.median(loadedPairs));
    }

    private static void requirePairs(int rawWindows, int otherWindows, String other) {
      if (rawWindows != otherWindows) {
        throw new IllegalArgumentException(
            "raw has " + rawWindows + " windows and " + other + "; pairs need as many of each");
      }
    }
  }

  /** Copies the list. */
  public BenchReport {
    rows = List.copyOf(rows);
  }

  /** Prints the context, the table, the summary line and the memory. */
  public void print(PrintWriter out) {
    say(
        out,
        "serving benchmark: model %s on ONNX Runtime %s, intra-op threads %s",
        model,
        executionProvider,
        settings.intraOpThreads() == 0 ? "default" : settings.intraOpThreads());
    say(
        out,
        "java %s, %d cores, load average %s at start, %s at end",
        java,
        cores,
        loadBefore,
        loadAfter);
    say(
        out,
        "raw: %d clips per window, median of %d windows after %d warm-up clips",
        settings.clips(),
        settings.repeats(),
        settings.warmup());
    say(
        out,
        "end to end: %d streams x %d clips per window through %s (%d partitions,"
            + " %s), median of %d windows; %s",
        settings.streams(),
        settings.clipsPerStream(),
        settings.broker(),
        settings.partitions(),
        processing,
        settings.repeats(),
        settings.latencyLoad() > 0
            ? String.format(
                Locale.ROOT,
                "latency also in one window paced at %.0f%% of that throughput",
                settings.latencyLoad() * 100)
            : "no paced latency window");
    out.println();
    say(
        out,
        "%5s  %11s  %11s  %11s  %11s  %7s  %7s  %6s  %6s  %10s  %21s  %21s",
        "batch",
        "raw clips/s",
        "call p50 ms",
        "call p99 ms",
        "e2e clips/s",
        "e2e/raw",
        "paired",
        "busy",
        "speed",
        "e2e/loaded",
        "p50/p99 ms full load",
        String.format(Locale.ROOT, "p50/p99 ms at %.0f%%", settings.latencyLoad() * 100));
    for (Row r : rows) {
      String prefix =
          String.format(
              Locale.ROOT,
              "%5d  %11.1f  %11.2f  %11.2f",
              r.batchSize(),
              r.raw().clipsPerSecond(),
              r.raw().callP50Ms(),
              r.raw().callP99Ms());
      EndToEndResult e = r.endToEnd();
      say(
          out,
          "%s  %11.1f  %7.2f  %7.2f  %6.2f  %6.2f  %10s  %21s  %21s",
          prefix,
          e.clipsPerSecond(),
          r.ratio(),
          r.pairedRatio(),
          r.modelBusy(),
          r.modelSpeed(),
          r.loadedRatio() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.loadedRatio()),
          latency(e.p50Ms(), e.p99Ms()),
          e.paced() == null ? "-" : latency(e.paced().p50Ms(), e.paced().p99Ms()));
    }
    say(
        out,
        "busy: share of an end-to-end window the model was computing; speed: its clips per second"
            + " of model time there / raw (paired); paired is about busy x speed; e2e/loaded: end"
            + " to end / raw beside busy cores (paired; --loaded-raw)");
    out.println();
    out.println(summary());
    say(out, "every clip got exactly one prediction: %s", exactlyOnePerClip() ? "yes" : "NO");
    say(
        out,
        "memory at the end: Java heap %d MB used, %d MB committed, %d MB max; resident %s"
            + " (peak %s)",
        memory.heapUsedMb(),
        memory.heapCommittedMb(),
        memory.heapMaxMb(),
        mb(memory.rssMb()),
        mb(memory.peakRssMb()));
    out.flush();
  }

  /** The one-line summary: batch 1 (or the first batch size) and the best raw batch size. */
  @JsonProperty("summary")
  public String summary() {
    Row first = rows.stream().filter(r -> r.batchSize() == 1).findFirst().orElse(rows.get(0));
    Row best = rows.stream().max(Comparator.comparingDouble(r -> r.raw().clipsPerSecond())).get();
    StringBuilder s = new StringBuilder("summary: ").append(line(first));
    if (best != first) {
      s.append("; best raw batch size: ").append(line(best));
    }
    return s.toString();
  }

  /** Whether every end-to-end window gave every clip exactly one prediction. */
  @JsonProperty("exactlyOnePerClip")
  public boolean exactlyOnePerClip() {
    return rows.stream().allMatch(r -> r.endToEnd().exactlyOnePerClip());
  }

  /** Writes the report as JSON. */
  public void writeJson(Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  private static String line(Row r) {
    String raw = String.format(Locale.ROOT, "raw %.1f clips/s", r.raw().clipsPerSecond());
    EndToEndResult e = r.endToEnd();
    PassResult paced = e.paced();
    return String.format(
        Locale.ROOT,
        "batch %d end to end %.1f clips/s = %.2f of %s (paired windows %.2f; target %.2f: %s),"
            + " latency p50/p99 %s ms%s",
        r.batchSize(),
        e.clipsPerSecond(),
        r.ratio(),
        raw,
        r.pairedRatio(),
        TARGET_RATIO,
        r.ratio() >= TARGET_RATIO ? "met" : "not met",
        paced == null ? latency(e.p50Ms(), e.p99Ms()) : latency(paced.p50Ms(), paced.p99Ms()),
        paced == null
            ? " at full load"
            : String.format(
                Locale.ROOT, " at %.1f clips/s offered", paced.offeredClipsPerSecond()));
  }

  private static String latency(double p50, double p99) {
    return String.format(Locale.ROOT, "%.0f / %.0f", p50, p99);
  }

  private static String mb(Long value) {
    return value == null ? "n/a" : value + " MB";
  }

  private static void say(PrintWriter out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
