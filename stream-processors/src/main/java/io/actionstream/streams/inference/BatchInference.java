package io.actionstream.streams.inference;

import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.Timings;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one predictor call over a batch of pending clips (all-slots masks) and hands one prediction
 * or dead letter per clip to an output, in batch order.
 *
 * <p><b>Failures.</b> If the call fails (or returns another number of results), each clip of the
 * batch is predicted again on its own, so one bad clip does not dead-letter the others: clips whose
 * own call fails are dead-lettered as {@code PROCESSING_ERROR}, the others get their prediction
 * (with {@code batchSize} 1). A clip whose scores cannot form a Prediction (capture times out of
 * order) is dead-lettered with the code of that error. {@link StreamsException}s and failures of
 * the output propagate.
 */
final class BatchInference {
  private static final Logger LOG = LoggerFactory.getLogger(BatchInference.class);

  private final Predictor predictor;
  private final PredictionBuilder predictions;
  private final SlotMask allSlots;

  BatchInference(Predictor predictor) {
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.predictions = new PredictionBuilder(predictor.schema());
    this.allSlots = predictor.schema().allSlots();
  }

  /** Predicts {@code batch} (at least one clip) and writes every clip's result to {@code out}. */
  void run(List<PendingClip> batch, InferenceOutput out) {
    if (batch.isEmpty()) {
      return;
    }
    long startMs = out.nowMs();
    PredictorResult result;
    long inferenceMs;
    try {
      long t0 = System.nanoTime();
      result =
          predictor.predict(
              batch.stream().map(PendingClip::clip).toList(),
              Collections.nCopies(batch.size(), allSlots));
      inferenceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      result.requireOnePerClip(batch.size());
    } catch (StreamsException e) {
      throw e;
    } catch (RuntimeException e) {
      failed(batch, e, out);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      PendingClip p = batch.get(i);
      Timings timings =
          new Timings(Math.max(0, startMs - p.arrivalMs()), inferenceMs, batch.size());
      Prediction prediction;
      try {
        prediction =
            predictions.build(
                p.streamId(), p.clip(), result.modelVersion(), result.scores().get(i), timings);
      } catch (StreamsException e) {
        throw e;
      } catch (RuntimeException e) {
        out.deadLetter(p.original(), p.origin().failure(e, out.nowMs()));
        continue;
      }
      out.prediction(p.streamId(), prediction, p.original().timestamp());
    }
  }

  private void failed(List<PendingClip> batch, RuntimeException e, InferenceOutput out) {
    if (batch.size() == 1) {
      PendingClip p = batch.get(0);
      out.deadLetter(p.original(), p.origin().failure(e, out.nowMs()));
      return;
    }
    LOG.warn(
        "predictor failed on a batch of {} clips ({}); retrying them one by one",
        batch.size(),
        e.toString());
    for (PendingClip p : batch) {
      run(List.of(p), out);
    }
  }
}
