package io.actionstream.cli.bench;

import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.SlotPrediction;
import io.actionstream.service.predict.OnnxRuntimePredictor;
import io.actionstream.service.predict.PredictorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code slotPrediction: per_slot} costs the service: the same package served {@code joint}
 * (one row per clip) and {@code per_slot} (one row per slot and clip), full predictions with the
 * all-slots mask, windows interleaved at each batch size so both see the same machine. Prints the
 * median clips/s of each and their ratio.
 *
 * <p>Usage: {@code SlotPredictionBenchmark MODEL_DIR [CLIPS [WINDOWS [BATCH,...]]]} (defaults 400,
 * 5, {@code 1,8}); one ONNX Runtime thread.
 */
public final class SlotPredictionBenchmark {
  private SlotPredictionBenchmark() {}

  /** Runs the comparison. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: SlotPredictionBenchmark MODEL_DIR [CLIPS [WINDOWS [BATCH,...]]]");
      System.exit(2);
    }
    Path model = Path.of(args[0]);
    int clips = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    int windows = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int[] batches =
        Arrays.stream((args.length > 3 ? args[3] : "1,8").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    Path work = Files.createTempDirectory("slot-prediction-bench");
    PredictorOptions options =
        PredictorOptions.defaults()
            .withExecutionProvider(PredictorOptions.ExecutionProvider.CPU)
            .withIntraOpThreads(1);
    try (OnnxRuntimePredictor joint =
            OnnxRuntimePredictor.open(copy(model, work, SlotPrediction.JOINT), options);
        OnnxRuntimePredictor perSlot =
            OnnxRuntimePredictor.open(copy(model, work, SlotPrediction.PER_SLOT), options)) {
      System.out.printf(
          Locale.ROOT,
          "model %s, %d slots, %d clips per window, %d windows, load %s%n",
          joint.modelVersion(),
          joint.schema().slotCount(),
          clips,
          windows,
          Machine.loadAverage());
      System.out.println("| batch | joint clips/s | per_slot clips/s | per_slot / joint |");
      System.out.println("|---:|---:|---:|---:|");
      var data = RawBenchmark.synthetic(joint.input(), clips, 42);
      for (int batch : batches) {
        RawBenchmark.Session a = new RawBenchmark(joint, data).session(batch, clips / 4);
        RawBenchmark.Session b = new RawBenchmark(perSlot, data).session(batch, clips / 4);
        List<Double> ratios = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
          ratios.add(b.window() / a.window());
        }
        System.out.printf(
            Locale.ROOT,
            "| %d | %.0f | %.0f | %.2f |%n",
            batch,
            a.result().clipsPerSecond(),
            b.result().clipsPerSecond(),
            Stats.median(ratios));
      }
    } finally {
      try (var files = Files.walk(work)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** A copy of the package in {@code model} whose manifest says {@code prediction}. */
  private static Path copy(Path model, Path work, SlotPrediction prediction) throws IOException {
    Path dir = work.resolve(prediction.configName());
    Files.createDirectories(dir);
    ModelManifest manifest = ModelPackage.open(model).manifest();
    Files.copy(model.resolve(manifest.modelFile()), dir.resolve(manifest.modelFile()));
    ModelPackage.writeManifest(dir, manifest.withSlotPrediction(prediction));
    return dir;
  }
}
