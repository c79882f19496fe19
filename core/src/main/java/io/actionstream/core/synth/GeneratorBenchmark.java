package io.actionstream.core.synth;

import java.util.Arrays;
import java.util.Locale;

/**
 * Measures single-thread generation speed with the default {@link GeneratorConfig}: three warm-up
 * passes, then 5 timed passes of N clips (default 500); prints the median clips/s and the MB/s of
 * raw clip bytes (10^6 bytes).
 *
 * <p>Usage: {@code java -cp core/target/classes io.actionstream.core.synth.GeneratorBenchmark [N]
 * [maxDistractors]}
 */
public final class GeneratorBenchmark {
  private static final int RUNS = 5;
  private static final int WARMUP_PASSES = 3;

  private GeneratorBenchmark() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    int clips = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int distractors = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    GeneratorConfig config = GeneratorConfig.builder().maxDistractors(distractors).build();
    ActionClipGenerator generator = new ActionClipGenerator(config);
    System.out.println("config: " + config);
    long sink = 0;
    for (int w = 0; w < WARMUP_PASSES; w++) {
      sink += pass(generator, clips, -(w + 1L) * clips); // warm-up on other indices
    }
    double[] rates = new double[RUNS];
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      sink += pass(generator, clips, (run + 1L) * clips);
      double seconds = (System.nanoTime() - start) / 1e9;
      rates[run] = clips / seconds;
      System.out.printf(Locale.ROOT, "run %d: %.1f clips/s%n", run + 1, rates[run]);
    }
    Arrays.sort(rates);
    double median = rates[RUNS / 2];
    double mbPerSecond = median * config.clipBytes() / 1e6;
    System.out.printf(
        Locale.ROOT,
        "median of %d runs of %d clips: %.1f clips/s, %.1f MB/s raw (%d bytes/clip) [%d]%n",
        RUNS,
        clips,
        median,
        mbPerSecond,
        config.clipBytes(),
        sink & 1);
  }

  private static long pass(ActionClipGenerator generator, int clips, long firstIndex) {
    long sink = 0;
    for (int i = 0; i < clips; i++) {
      sink += generator.generate(firstIndex + i).clip().pixels()[0];
    }
    return sink;
  }
}
