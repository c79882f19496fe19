package io.actionstream.streams.inference;

import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The results of one batch computed off the stream thread: an {@link InferenceOutput} that only
 * records, replayed later to a real output by the stream thread (which alone may forward or
 * produce). {@link BatchInference} writes exactly one result per clip, in batch order, so result
 * {@code i} belongs to clip {@code i} of the batch.
 */
final class RecordedResults implements InferenceOutput {
  private sealed interface Result permits PredictionResult, DeadLetterResult {
    void replayTo(InferenceOutput out);
  }

  private record PredictionResult(String streamId, Prediction prediction, long timestamp)
      implements Result {
    @Override
    public void replayTo(InferenceOutput out) {
      out.prediction(streamId, prediction, timestamp);
    }
  }

  private record DeadLetterResult(Record<byte[], byte[]> original, DeadLetterInfo info)
      implements Result {
    @Override
    public void replayTo(InferenceOutput out) {
      out.deadLetter(original, info);
    }
  }

  private final List<PendingClip> batch;
  private final LongSupplier clock;
  private final List<Result> results = new ArrayList<>();

  /** Results for {@code batch}, timed by {@code clock} (epoch ms). */
  RecordedResults(List<PendingClip> batch, LongSupplier clock) {
    this.batch = List.copyOf(batch);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void prediction(String streamId, Prediction prediction, long timestamp) {
    results.add(new PredictionResult(streamId, prediction, timestamp));
  }

  @Override
  public void deadLetter(Record<byte[], byte[]> original, DeadLetterInfo info) {
    results.add(new DeadLetterResult(original, info));
  }

  @Override
  public long nowMs() {
    return clock.getAsLong();
  }

  /** Clips of the batch. */
  int size() {
    return batch.size();
  }

  /**
   * Writes the results to {@code out}, in batch order, leaving out those of clips read by a task in
   * {@code droppedTasks}.
   *
   * @throws IllegalStateException if there is not exactly one result per clip
   */
  void replayTo(InferenceOutput out, Set<TaskId> droppedTasks) {
    if (results.size() != batch.size()) {
      throw new IllegalStateException(
          "batch of " + batch.size() + " clips produced " + results.size() + " results");
    }
    for (int i = 0; i < results.size(); i++) {
      if (!droppedTasks.contains(batch.get(i).task())) {
        results.get(i).replayTo(out);
      }
    }
  }
}
