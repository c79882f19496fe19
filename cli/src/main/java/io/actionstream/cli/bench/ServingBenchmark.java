package io.actionstream.cli.bench;

import io.actionstream.service.predict.OnnxRuntimePredictor;
import io.actionstream.service.predict.PredictorOptions;
import io.actionstream.streams.predictor.ModelInput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The serving benchmark: in one run, the ONNX Runtime predictor alone ({@link RawBenchmark}) and
 * the whole pipeline through a real broker ({@link EndToEndBenchmark}) at every batch size asked,
 * with the same predictor (same options, same session) for both; end to end only at the batch sizes
 * the topology's configuration accepts. Progress goes to {@code log}; the result is a {@link
 * BenchReport}.
 */
public final class ServingBenchmark {
  private final BenchSettings settings;
  private final StreamsProcessing processing;
  private final PrintWriter log;

  /** A benchmark with {@code settings}, running the topology with {@code processing}. */
  public ServingBenchmark(BenchSettings settings, StreamsProcessing processing, PrintWriter log) {
    this.settings = settings;
    this.processing = processing;
    this.log = log;
  }

  /** Runs every measurement and returns the report. */
  public BenchReport run() throws Exception {
    String loadBefore = Machine.loadAverage();
    PredictorOptions options =
        PredictorOptions.defaults()
            .withExecutionProvider(PredictorOptions.ExecutionProvider.CPU)
            .withIntraOpThreads(settings.intraOpThreads());
    try (OnnxRuntimePredictor predictor = OnnxRuntimePredictor.open(settings.model(), options)) {
      ModelInput in = predictor.input();
      progress(
          "model %s: %d frames of %dx%d",
          predictor.modelVersion(), in.frames(), in.height(), in.width());
      RawBenchmark raw =
          new RawBenchmark(
              predictor, RawBenchmark.synthetic(in, settings.clips(), settings.seed()));
      EndToEndBenchmark e2e = new EndToEndBenchmark(settings, predictor, processing);
      List<BenchReport.Row> rows = new ArrayList<>();
      for (int b : settings.batchSizes()) {
        rows.add(measure(b, raw, e2e));
      }
      return new BenchReport(
          predictor.modelVersion() + " " + in.frames() + "x" + in.height() + "x" + in.width(),
          predictor.executionProvider().name(),
          settings,
          Runtime.version().toString(),
          Runtime.getRuntime().availableProcessors(),
          loadBefore,
          Machine.loadAverage(),
          processing.describe(EndToEndBenchmark.config(in, 1, settings)),
          rows,
          Machine.memory());
    }
  }

  /**
   * Raw and end to end at one batch size, their timed windows interleaved (raw window 1, end-to-end
   * window 1, raw window 2, ...) so that both see the same machine: on shared machines the speed of
   * the cores drifts by tens of percent within minutes. The raw windows run while the broker and
   * the topology are up but idle.
   */
  private BenchReport.Row measure(int batchSize, RawBenchmark raw, EndToEndBenchmark e2e)
      throws Exception {
    RawBenchmark.Session rawSession = raw.session(batchSize, settings.warmup());
    progress("batch %d: starting the topology on %s", batchSize, settings.broker());
    EndToEndResult e =
        e2e.measure(
            batchSize,
            window -> {
              progress(
                  "raw batch %d window %d: %.1f clips/s",
                  batchSize, window + 1, rawSession.window());
              if (settings.loadedRaw()) {
                progress(
                    "raw batch %d window %d beside busy cores: %.1f clips/s",
                    batchSize, window + 1, rawSession.loadedWindow());
              }
            });
    RawResult r = rawSession.result();
    progress(
        "raw batch %d: %.1f clips/s (windows %s)",
        batchSize, r.clipsPerSecond(), rounded(r.windows()));
    if (!r.loadedWindows().isEmpty()) {
      progress(
          "raw batch %d beside busy cores: %.1f clips/s (windows %s)",
          batchSize, Stats.median(r.loadedWindows()), rounded(r.loadedWindows()));
    }
    progress(
        "end to end batch %d: %.1f clips/s (windows %s)",
        batchSize,
        e.clipsPerSecond(),
        rounded(e.windows().stream().map(PassResult::clipsPerSecond).toList()));
    return BenchReport.Row.of(r, e);
  }

  private static List<String> rounded(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList();
  }

  private void progress(String format, Object... args) {
    log.println("... " + String.format(Locale.ROOT, format, args));
    log.flush();
  }
}
