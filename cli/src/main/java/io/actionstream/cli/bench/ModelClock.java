package io.actionstream.cli.bench;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.streams.predictor.ForwardingPredictor;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Predictor} that passes every call on and adds up the time spent inside {@link #predict}
 * and the clips it computed, from any thread. The end-to-end benchmark reads it before and after
 * each window to tell how much of the window the model was busy and how fast it was while busy:
 * that splits the gap to raw throughput into time the model waited for the pipeline and time its
 * calls took longer than alone.
 */
final class ModelClock extends ForwardingPredictor {
  private final LongAdder nanos = new LongAdder();
  private final LongAdder clips = new LongAdder();

  ModelClock(Predictor delegate) {
    super(delegate);
  }

  @Override
  public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
    long start = System.nanoTime();
    try {
      return super.predict(clips, masks);
    } finally {
      nanos.add(System.nanoTime() - start);
      this.clips.add(clips.size());
    }
  }

  /** The totals so far. */
  Reading read() {
    return new Reading(nanos.sum(), clips.sum());
  }

  /**
   * Totals of a clock at one moment.
   *
   * @param nanos time spent inside {@code predict}, all calls and threads together
   * @param clips clips passed to {@code predict}
   */
  record Reading(long nanos, long clips) {
    /** What was added between {@code earlier} and this reading. */
    Reading since(Reading earlier) {
      return new Reading(nanos - earlier.nanos, clips - earlier.clips);
    }
  }
}
