package io.actionstream.streams.inference;

import io.actionstream.streams.metrics.TopologyListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clips of one stream thread waiting for their predictor call, shared by the inference
 * processors of every task of that thread. Not thread-safe: used only on its stream thread (by
 * {@code process()}, punctuators and the commit hooks, which Kafka Streams all runs there).
 *
 * <p><b>Pipelining</b> ({@code maxInFlight} above 0). A batch that is due is handed to this
 * batcher's own inference thread, and the stream thread goes on reading, assembling and forwarding
 * while the model runs. At most {@code maxInFlight} batches are handed over at once (the stream
 * thread waits for the oldest when there are more). Their results are recorded and written to an
 * output by the stream thread, in batch order: whenever it passes by ({@link #emitCompleted}), and
 * all of them before every commit ({@link #drainTo}). With {@code maxInFlight} 0 every batch runs
 * on the stream thread.
 */
final class ClipBatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClipBatcher.class);

  private final int maxBatchSize;
  private final long maxWaitMs;
  private final int maxInFlight;
  private final BatchInference inference;
  private final InferenceSinks sinks;
  private final TopologyListener listener;
  private final List<PendingClip> pending = new ArrayList<>();
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private final ExecutorService runner;
  private RuntimeException failure;

  /**
   * A batch handed to the inference thread: the task of each clip, and the tasks whose clips'
   * results are not to be written.
   */
  private record InFlight(
      Future<RecordedResults> results, List<TaskId> tasks, Set<TaskId> dropped) {
    int size() {
      return tasks.size();
    }
  }

  ClipBatcher(
      int maxBatchSize,
      Duration maxWait,
      BatchInference inference,
      InferenceSinks sinks,
      TopologyListener listener) {
    this(maxBatchSize, maxWait, 0, inference, sinks, listener);
  }

  /**
   * A batcher running batches on an inference thread of its own when {@code maxInFlight} > 0 (named
   * after the stream thread creating it), else on the calling thread.
   */
  ClipBatcher(
      int maxBatchSize,
      Duration maxWait,
      int maxInFlight,
      BatchInference inference,
      InferenceSinks sinks,
      TopologyListener listener) {
    if (maxInFlight < 0) {
      throw new IllegalArgumentException("maxInFlight must be at least 0, got " + maxInFlight);
    }
    this.maxBatchSize = maxBatchSize;
    this.maxWaitMs = maxWait.toMillis();
    this.maxInFlight = maxInFlight;
    this.inference = Objects.requireNonNull(inference, "inference");
    this.sinks = Objects.requireNonNull(sinks, "sinks");
    this.listener = Objects.requireNonNull(listener, "listener");
    String name = Thread.currentThread().getName() + "-inference";
    this.runner =
        maxInFlight == 0
            ? null
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, name);
                  t.setDaemon(true);
                  return t;
                });
  }

  /** Adds an accepted clip. */
  void add(PendingClip clip) {
    pending.add(clip);
  }

  /** Clips not yet written: pending and in flight. */
  int size() {
    return pending.size() + inFlight.stream().mapToInt(InFlight::size).sum();
  }

  /** Whether the batch is full or its oldest clip has waited {@code max.wait} at {@code nowMs}. */
  boolean ready(long nowMs) {
    return pending.size() >= maxBatchSize
        || (!pending.isEmpty() && nowMs - pending.get(0).arrivalMs() >= maxWaitMs);
  }

  /**
   * Runs every pending clip in one predictor call whose results go to {@code out}: now, or when
   * pipelining, on the inference thread (first writing the results of finished batches to {@code
   * out}, and waiting for the oldest while {@code maxInFlight} batches are out).
   */
  void runTo(InferenceOutput out) {
    if (runner == null) {
      runNow(out);
      return;
    }
    emitCompleted(out);
    if (pending.isEmpty()) {
      return;
    }
    while (inFlight.size() >= maxInFlight) {
      emitOldest(out);
    }
    List<PendingClip> batch = List.copyOf(pending);
    Future<RecordedResults> results =
        runner.submit(
            () -> {
              RecordedResults recorded = new RecordedResults(batch, System::currentTimeMillis);
              inference.run(batch, recorded);
              return recorded;
            });
    pending.clear();
    inFlight.add(
        new InFlight(results, batch.stream().map(PendingClip::task).toList(), new HashSet<>()));
  }

  /** Writes the results of the batches that have finished, oldest first, to {@code out}. */
  void emitCompleted(InferenceOutput out) {
    checkNotFailed();
    while (!inFlight.isEmpty() && inFlight.peekFirst().results().isDone()) {
      emitOldest(out);
    }
  }

  /**
   * Writes every result to {@code out}: waits for the batches in flight, then runs the pending
   * clips on this thread.
   */
  void finishTo(InferenceOutput out) {
    checkNotFailed();
    while (!inFlight.isEmpty()) {
      emitOldest(out);
    }
    runNow(out);
  }

  /**
   * Writes every result ({@link #finishTo}) with {@code producer}, serialized as the sinks would;
   * returns the output so the caller can check the sends after a flush.
   */
  ProducerOutput drainTo(Producer<byte[], byte[]> producer) {
    ProducerOutput out = new ProducerOutput(producer, sinks, listener);
    finishTo(out);
    return out;
  }

  /** Drops every clip not yet written, pending or in flight; returns how many. */
  int discardAll() {
    int n = size();
    failure = null; // the aborted transaction's input, lost batch included, is processed again
    pending.clear();
    for (InFlight f : inFlight) {
      f.results().cancel(false);
    }
    inFlight.clear();
    return n;
  }

  /**
   * Drops the clips read by {@code task}, pending or in flight (their results will not be written);
   * returns how many.
   */
  int discard(TaskId task) {
    int before = pending.size();
    pending.removeIf(p -> p.task().equals(task));
    int dropped = before - pending.size();
    for (InFlight f : inFlight) {
      if (f.dropped().add(task)) {
        dropped += (int) f.tasks().stream().filter(task::equals).count();
      }
    }
    return dropped;
  }

  /**
   * Stops the inference thread (batches in flight are dropped) and waits up to {@link
   * #CLOSE_TIMEOUT} for a predictor call still running on it, so that the predictor is not closed
   * under it.
   */
  @Override
  public void close() {
    if (runner == null) {
      return;
    }
    runner.shutdownNow();
    try {
      if (!runner.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("inference thread still busy {} after close; not waiting longer", CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long {@link #close()} waits for a running predictor call. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Fails every later call once a batch's results could not be written (its clips are neither
   * predicted nor dead-lettered): no commit may succeed after that, whatever exception handler
   * Kafka Streams was given.
   */
  private void checkNotFailed() {
    if (failure != null) {
      throw new StreamsException("an earlier batch's results were lost", failure);
    }
  }

  private void runNow(InferenceOutput out) {
    if (pending.isEmpty()) {
      return;
    }
    List<PendingClip> batch = List.copyOf(pending);
    pending.clear();
    inference.run(batch, out);
  }

  private void emitOldest(InferenceOutput out) {
    InFlight oldest = inFlight.peekFirst();
    RecordedResults results;
    try {
      results = oldest.results().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e); // the batch stays in flight
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      failure =
          cause instanceof StreamsException se
              ? se
              : new StreamsException("inference thread failed on a batch", cause);
      throw failure;
    }
    inFlight.pollFirst();
    try {
      results.replayTo(out, oldest.dropped());
    } catch (RuntimeException e) {
      failure = e; // written in part: the rest is lost, so nothing may be committed any more
      throw e;
    }
  }
}
