package io.actionstream.cli.bench;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.streams.predictor.ModelInput;
import io.actionstream.streams.predictor.Predictor;
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
   * Runs {@code warmupClips} clips untimed at {@code batch} and returns a session whose timed
   * windows the caller runs when it chooses (e.g. interleaved with end-to-end windows).
   */
  Session session(int batch, int warmupClips) {
    Session session = new Session(batch);
    for (int i = 0; i < (warmupClips + batch - 1) / batch; i++) {
      session.call(i % session.calls.size());
    }
    return session;
  }

  /** Timed windows at one batch size. Not thread-safe. */
  final class Session {
    private final int batch;
    private final List<List<Clip>> calls;
    private final List<SlotMask> masks;
    private final List<Double> rates = new ArrayList<>();
    private final List<Double> loadedRates = new ArrayList<>();
    private final List<Double> callMs = new ArrayList<>();

    private Session(int batch) {
      this.batch = batch;
      this.calls = batches(batch);
      this.masks = Collections.nCopies(batch, predictor.schema().allSlots());
    }

    private void call(int c) {
      predictor.predict(calls.get(c), masks);
    }

    /** Runs every clip once in calls of the batch size; returns the window's clips/s. */
    double window() {
      double rate = time(callMs);
      rates.add(rate);
      return rate;
    }

    /**
     * A {@link #window()} beside {@link CoreLoad#besideOneThread()}: the model's speed when the
     * other cores are busy, as they are end to end. Its calls are not pooled into the call
     * percentiles.
     */
    double loadedWindow() throws InterruptedException {
      double rate;
      try (CoreLoad load = CoreLoad.besideOneThread()) {
        rate = time(new ArrayList<>());
      }
      loadedRates.add(rate);
      return rate;
    }

    private double time(List<Double> callTimes) {
      long start = System.nanoTime();
      for (int c = 0; c < calls.size(); c++) {
        long t0 = System.nanoTime();
        call(c);
        callTimes.add((System.nanoTime() - t0) / 1e6);
      }
      return (double) calls.size() * batch / ((System.nanoTime() - start) / 1e9);
    }

    /** The windows run so far (at least one). */
    RawResult result() {
      if (rates.isEmpty()) {
        throw new IllegalStateException("no raw window was run");
      }
      return new RawResult(
          batch,
          Stats.median(rates),
          Stats.percentile(callMs, 50),
          Stats.percentile(callMs, 99),
          rates,
          loadedRates);
    }
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
