package io.actionstream.trainer.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.trainer.batch.ClipTensors;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.train.InitialWeights;
import io.actionstream.trainer.train.PixelStatistics;
import io.actionstream.trainer.train.SupervisedTrainer;
import io.actionstream.trainer.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;

/**
 * Prints training samples/s (batch 16, Adam, masking on) and inference clips/s (batch 1 and 8) of
 * the default model on this machine, each the median of 5 timed windows after a warm-up, and the
 * process's resident memory. Data is generated before timing, so the figures are the model's, not
 * the generator's.
 *
 * <p>Usage: {@code java -cp ... io.actionstream.trainer.bench.TrainerBenchmark [steps=20]
 * [both|default|reference|kernels]}; {@code kernels} compares training with oneDNN off and on.
 */
public final class TrainerBenchmark {
  private TrainerBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws IOException {
    System.setProperty("ai.djl.offline", "true");
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    String which = args.length > 1 ? args[1] : "both";
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cores%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    if (which.equals("kernels")) {
      compareKernels(ModelConfig.defaults(), steps);
      return;
    }
    if (!which.equals("reference")) {
      run("default", ModelConfig.defaults(), steps);
    }
    if (!which.equals("default")) {
      run("reference", REFERENCE, steps);
    }
  }

  /** The reference model of research.md's speed table. */
  static final ModelConfig REFERENCE =
      new ModelConfig(
          16,
          64,
          64,
          new int[] {16, 32},
          new int[] {64},
          3,
          ModelConfig.Head.SLOTS,
          ModelConfig.MaskInput.INPUT,
          128,
          ModelConfig.Pooling.AVG4,
          ModelConfig.StemDownsample.STRIDE);

  private static void run(String label, ModelConfig config, int steps) throws IOException {
    ActionClipGenerator generator = generator(config);
    List<LabelledClip> clips = LongStream.range(0, 64).mapToObj(generator::generate).toList();
    ModelManifest.Normalisation norm = PixelStatistics.estimate(clips.stream(), 64);
    System.out.printf(Locale.ROOT, "%s model: %s%n", label, config);

    TrainingOptions options = new TrainingOptions(1, 16, 1e-3f, 42, true, 0, 0, 0, false, 0);
    try (SupervisedTrainer trainer =
        new SupervisedTrainer(
            new ActionModel(config, generator.schema()),
            options,
            norm,
            false,
            InitialWeights.random())) {
      List<LabelledClip> batch = clips.subList(0, 16);
      double train =
          median(
              5,
              () -> {
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                  trainer.step(batch);
                }
                return steps * 16 / ((System.nanoTime() - start) / 1e9);
              },
              () -> trainer.step(batch));
      System.out.printf(
          Locale.ROOT, "training, batch 16, masking: %.1f samples/s (median of 5)%n", train);
      for (int b : new int[] {1, 8}) {
        List<LabelledClip> in = clips.subList(0, b);
        ClipTensors tensors = trainer.tensors();
        SlotMask all = generator.schema().allSlots();
        Runnable infer =
            () -> {
              try (NDManager scope = trainer.manager().newSubManager()) {
                ClipTensors.Batch x = tensors.batch(scope, in, Collections.nCopies(b, all));
                NDList out =
                    trainer.block().forward(new ParameterStore(scope, false), x.inputs(), false);
                trainer.block().probabilities(out).get(0).toFloatArray();
              }
            };
        int calls = Math.max(4, 64 / b);
        double clipsPerSecond =
            median(
                5,
                () -> {
                  long start = System.nanoTime();
                  for (int i = 0; i < calls; i++) {
                    infer.run();
                  }
                  return calls * b / ((System.nanoTime() - start) / 1e9);
                },
                infer);
        System.out.printf(
            Locale.ROOT, "inference, batch %d: %.1f clips/s (median of 5)%n", b, clipsPerSecond);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "memory after the %s model: resident %s, peak resident %s, Java heap used %d MB%n",
        label,
        procStatus("VmRSS"),
        procStatus("VmHWM"),
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
  }

  /**
   * Training samples/s of {@code config} with PyTorch's own convolutions (oneDNN off) and with
   * oneDNN, in alternating windows of the same run; prints both medians and their ratio.
   */
  private static void compareKernels(ModelConfig config, int steps) throws IOException {
    ActionClipGenerator generator = generator(config);
    List<LabelledClip> batch = LongStream.range(0, 16).mapToObj(generator::generate).toList();
    TrainingOptions options = new TrainingOptions(1, 16, 1e-3f, 42, true, 0, 0, 0, false, 0);
    boolean before = Engines.oneDnnEnabled();
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    try (SupervisedTrainer trainer =
        new SupervisedTrainer(
            new ActionModel(config, generator.schema()),
            options,
            PixelStatistics.estimate(batch.stream(), 16),
            false,
            InitialWeights.random())) {
      for (int window = -1; window < 5; window++) {
        for (boolean oneDnn : new boolean[] {false, true}) {
          Engines.useOneDnn(oneDnn);
          trainer.step(batch); // warm-up for this kernel set
          long start = System.nanoTime();
          for (int i = 0; i < steps; i++) {
            trainer.step(batch);
          }
          double rate = steps * 16 / ((System.nanoTime() - start) / 1e9);
          if (window >= 0) {
            (oneDnn ? on : off).add(rate);
          }
        }
      }
    } finally {
      Engines.useOneDnn(before);
    }
    Collections.sort(off);
    Collections.sort(on);
    System.out.printf(
        Locale.ROOT,
        "training, batch 16, masking, default model: oneDNN off %.1f, on %.1f samples/s (medians"
            + " of 5 alternating windows); off/on = %.2f%n",
        off.get(2),
        on.get(2),
        off.get(2) / on.get(2));
  }

  private static ActionClipGenerator generator(ModelConfig config) {
    return new ActionClipGenerator(
        GeneratorConfig.builder()
            .frames(config.frames())
            .size(config.height(), config.width())
            .build());
  }

  private static double median(int windows, Measure measure, Runnable warmUp) {
    for (int i = 0; i < 3; i++) {
      warmUp.run();
    }
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      values.add(measure.run());
    }
    Collections.sort(values);
    return values.get(windows / 2);
  }

  private static String procStatus(String key) throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "n/a";
    }
    return Files.readAllLines(status).stream()
        .filter(l -> l.startsWith(key + ":"))
        .map(l -> l.substring(key.length() + 1).trim())
        .findFirst()
        .orElse("n/a");
  }

  @FunctionalInterface
  private interface Measure {
    double run();
  }
}
