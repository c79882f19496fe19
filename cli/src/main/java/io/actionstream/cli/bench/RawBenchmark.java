package io.actionstream.cli.bench;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.streams.inference.ModelInput;
import io.actionstream.streams.inference.Predictor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Times the predictor alone: {@link Predictor#predict} on synthetic uint8 clips generated before
 * timing, with the all-slots mask (what the inference step passes). A window runs every clip once,
 * in calls of the batch size; clips/s is clips over the window's wall time.
 */
final class RawBenchmark {
  private final Predictor predictor;
  private final List<Clip> clips;

  /** A benchmark of {@code predictor} on {@code clips}, at least one. */
  RawBenchmark(Predictor predictor, List<Clip> clips) {
    if (clips.isEmpty()) {
      throw new IllegalArgumentException("no clips");
    }
    this.predictor = predictor;
    this.clips = List.copyOf(clips);
  }

  /** {@code count} synthetic clips of the model's shape (frames in memory, uint8 RGB). */
  static List<Clip> synthetic(ModelInput input, int count, long seed) {
    ActionClipGenerator generator =
        new ActionClipGenerator(
            GeneratorConfig.builder()
                .frames(input.frames())
                .size(input.height(), input.width())
                .seed(seed)
                .build());
    return LongStream.range(0, count).mapToObj(i -> generator.generate(i).clip()).toList();
  }

  /**
   * Runs {@code warmupClips} clips untimed, then {@code windows} timed windows at {@code batch}.
   */
  RawResult measure(int batch, int windows, int warmupClips) {
    List<List<Clip>> calls = batches(batch);
    List<SlotMask> masks = Collections.nCopies(batch, predictor.schema().allSlots());
    for (int i = 0; i < (warmupClips + batch - 1) / batch; i++) {
      predictor.predict(calls.get(i % calls.size()), masks);
    }
    List<Double> rates = new ArrayList<>();
    List<Double> callMs = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      long start = System.nanoTime();
      for (List<Clip> call : calls) {
        long t0 = System.nanoTime();
        predictor.predict(call, masks);
        callMs.add((System.nanoTime() - t0) / 1e6);
      }
      rates.add((double) calls.size() * batch / ((System.nanoTime() - start) / 1e9));
    }
    return new RawResult(
        batch,
        Stats.median(rates),
        Stats.percentile(callMs, 50),
        Stats.percentile(callMs, 99),
        rates);
  }

  /** The clips in calls of {@code batch}; at least one call, repeating clips if there are few. */
  private List<List<Clip>> batches(int batch) {
    int n = Math.max(1, clips.size() / batch);
    List<List<Clip>> calls = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      List<Clip> call = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        call.add(clips.get((c * batch + i) % clips.size()));
      }
      calls.add(call);
    }
    return calls;
  }
}
