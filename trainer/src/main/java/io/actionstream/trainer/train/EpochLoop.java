package io.actionstream.trainer.train;

import ai.djl.TrainingDivergedException;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.util.ProgressBar;
import io.actionstream.trainer.batch.ClipBatches;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/** One pass over a stream of clips in batches, with a progress bar showing loss and throughput. */
final class EpochLoop {
  private EpochLoop() {}

  /**
   * Runs {@code step} on every batch of {@code clips}.
   *
   * @param label progress-bar label
   * @param expectedClips clips expected (for the bar; 0 if unknown)
   * @param step trains on one batch and returns its mean loss
   */
  static EpochResult run(
      Stream<LabelledClip> clips,
      String label,
      long expectedClips,
      int batchSize,
      long maxBatches,
      boolean progress,
      ToDoubleFunction<List<LabelledClip>> step) {
    long start = System.nanoTime();
    double lossSum = 0;
    long seen = 0;
    long total = maxBatches > 0 ? Math.min(expectedClips, maxBatches * batchSize) : expectedClips;
    try (ClipBatches batches = new ClipBatches(clips, batchSize, maxBatches, 3);
        ProgressBar bar = progress ? new ProgressBar(label, Math.max(1, total)) : null) {
      long steps = 0;
      while (batches.hasNext()) {
        List<LabelledClip> batch = batches.next();
        steps++;
        double loss;
        try {
          loss = step.applyAsDouble(batch);
        } catch (TrainingDivergedException e) {
          throw new TrainingDivergedException(label + ", step " + steps + ": " + e.getMessage(), e);
        }
        lossSum += loss * batch.size();
        seen += batch.size();
        if (bar != null) {
          bar.extra(String.format(Locale.ROOT, "loss %.4f", lossSum / seen)).step(batch.size());
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochResult(seen == 0 ? Double.NaN : lossSum / seen, seen, seen / seconds);
  }
}
