package io.actionstream.streams.inference;

import io.actionstream.streams.metrics.TopologyListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The clips of one stream thread waiting for their predictor call, shared by the inference
 * processors of every task of that thread. Not thread-safe: used only on its stream thread (by
 * {@code process()}, punctuators and the commit hooks, which Kafka Streams all runs there).
 */
final class ClipBatcher {
  private final int maxBatchSize;
  private final long maxWaitMs;
  private final BatchInference inference;
  private final InferenceSinks sinks;
  private final TopologyListener listener;
  private final List<PendingClip> pending = new ArrayList<>();

  ClipBatcher(
      int maxBatchSize,
      Duration maxWait,
      BatchInference inference,
      InferenceSinks sinks,
      TopologyListener listener) {
    this.maxBatchSize = maxBatchSize;
    this.maxWaitMs = maxWait.toMillis();
    this.inference = Objects.requireNonNull(inference, "inference");
    this.sinks = Objects.requireNonNull(sinks, "sinks");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Adds an accepted clip. */
  void add(PendingClip clip) {
    pending.add(clip);
  }

  /** Clips pending. */
  int size() {
    return pending.size();
  }

  /** Whether the batch is full or its oldest clip has waited {@code max.wait} at {@code nowMs}. */
  boolean ready(long nowMs) {
    return pending.size() >= maxBatchSize
        || (!pending.isEmpty() && nowMs - pending.get(0).arrivalMs() >= maxWaitMs);
  }

  /** Runs every pending clip in one predictor call and writes the results to {@code out}. */
  void runTo(InferenceOutput out) {
    if (pending.isEmpty()) {
      return;
    }
    List<PendingClip> batch = List.copyOf(pending);
    pending.clear();
    inference.run(batch, out);
  }

  /**
   * Runs every pending clip and produces the results with {@code producer}, serialized as the sinks
   * would; returns the output so the caller can check the sends after a flush.
   */
  ProducerOutput drainTo(Producer<byte[], byte[]> producer) {
    ProducerOutput out = new ProducerOutput(producer, sinks, listener);
    runTo(out);
    return out;
  }

  /** Drops every pending clip (their input will be processed again); returns how many. */
  int discardAll() {
    int n = pending.size();
    pending.clear();
    return n;
  }

  /** Drops the pending clips read by {@code task}; returns how many. */
  int discard(TaskId task) {
    int before = pending.size();
    pending.removeIf(p -> p.task().equals(task));
    return before - pending.size();
  }
}
