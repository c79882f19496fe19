package io.actionstream.streams.inference;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What micro-batching knows per stream thread, keyed by thread name: the thread's hooked producer
 * and whether its main consumer is hooked (registered by {@link BatchingClientSupplier} when Kafka
 * Streams creates the clients, named {@code <thread name>-producer} and {@code <thread
 * name>-consumer}), and the thread's {@link ClipBatcher} (created by the first inference processor
 * initialised on that thread). The commit hooks run on the stream thread and find its batcher by
 * {@code Thread.currentThread()}: by name, and only if that very thread created it.
 */
final class CommitHooks {
  private static final Logger LOG = LoggerFactory.getLogger(CommitHooks.class);

  private final Map<String, ThreadState> threads = new ConcurrentHashMap<>();

  private static final class ThreadState {
    volatile CommitDrainingProducer producer;
    volatile boolean consumerHooked;
    // written only by the stream thread of this name; a replacement thread reads them after the
    // thread it replaces has died, so volatile: it must see the last batcher to discard it
    volatile ClipBatcher batcher;
    // the thread that created the batcher: a later thread of the same name does not inherit it
    volatile Thread owner;

    ClipBatcher batcherOf(Thread thread) {
      return owner == thread ? batcher : null;
    }
  }

  /** Registers the hooked producer of stream thread {@code threadName}. */
  void producerCreated(String threadName, CommitDrainingProducer producer) {
    threads.computeIfAbsent(threadName, n -> new ThreadState()).producer = producer;
  }

  /** Registers the hooked main consumer of stream thread {@code threadName}. */
  void consumerCreated(String threadName) {
    threads.computeIfAbsent(threadName, n -> new ThreadState()).consumerHooked = true;
  }

  /** Forgets the thread of {@code producer} (the thread is shutting down). */
  void producerClosed(CommitDrainingProducer producer) {
    threads
        .values()
        .removeIf(
            s -> {
              if (s.producer != producer) {
                return false;
              }
              if (s.batcher != null) {
                s.batcher.close(); // stops its inference thread, if it has one
              }
              return true;
            });
  }

  /**
   * The batcher of the current thread, created with {@code create} if it has none.
   *
   * @param requireHooks whether the thread's clients must be hooked (false only in the explicit
   *     TopologyTestDriver mode)
   * @throws IllegalStateException if {@code requireHooks} and the thread's producer, or under
   *     at-least-once its main consumer, was not created by {@link BatchingClientSupplier}
   */
  ClipBatcher batcherOfCurrentThread(boolean requireHooks, Supplier<ClipBatcher> create) {
    String name = Thread.currentThread().getName();
    ThreadState state =
        requireHooks ? threads.get(name) : threads.computeIfAbsent(name, n -> new ThreadState());
    if (requireHooks) {
      if (state == null || state.producer == null) {
        throw unhooked(name, "producer");
      }
      if (!state.producer.transactional() && !state.consumerHooked) {
        throw unhooked(name, "main consumer (at_least_once commits offsets through it)");
      }
    }
    Thread current = Thread.currentThread();
    if (state.batcher != null && state.owner != current) {
      dropStale(name, state.batcher);
      state.batcher = null;
    }
    if (state.batcher == null) {
      state.batcher = create.get();
      state.owner = current;
    }
    return state.batcher;
  }

  /**
   * A stream thread that died without closing its producer left its batcher behind, and a new
   * thread got its name (Kafka Streams reuses the names of replaced threads). The clips it holds
   * belong to the dead thread's tasks, whose offsets were not committed after them: drop them (they
   * will be reprocessed) and stop its inference thread.
   */
  private static void dropStale(String name, ClipBatcher stale) {
    int dropped = stale.discardAll();
    stale.close();
    LOG.warn(
        "stream thread '{}' is a new thread under an earlier thread's name: dropped the {} clips"
            + " the earlier one left pending (their offsets were not committed; they will be"
            + " reprocessed)",
        name,
        dropped);
  }

  /**
   * Exactly-once: runs the current thread's pending clips and produces their results with {@code
   * producer} into the open transaction (send errors fail the transaction's commit).
   */
  void drainIntoTransaction(Producer<byte[], byte[]> producer) {
    ClipBatcher batcher = currentBatcher();
    if (batcher != null && batcher.size() > 0) {
      batcher.drainTo(producer);
    }
  }

  /** Exactly-once abort: drops the current thread's pending clips (they will be reprocessed). */
  void discardPending() {
    ClipBatcher batcher = currentBatcher();
    if (batcher != null) {
      int n = batcher.discardAll();
      if (n > 0) {
        LOG.info("transaction aborted: dropped {} pending clips, they will be reprocessed", n);
      }
    }
  }

  /**
   * At-least-once: before the main consumer commits offsets, runs the current thread's pending
   * clips, produces their results with the thread's producer, flushes it and checks every send.
   *
   * @throws IllegalStateException if clips are pending but the thread has no hooked producer
   * @throws org.apache.kafka.common.KafkaException if a result could not be produced (the offsets
   *     are then not committed)
   */
  void drainBeforeOffsetCommit() {
    String name = Thread.currentThread().getName();
    ThreadState state = threads.get(name);
    ClipBatcher batcher = state == null ? null : state.batcherOf(Thread.currentThread());
    if (batcher == null || batcher.size() == 0) {
      return;
    }
    CommitDrainingProducer producer = state.producer;
    if (producer == null) {
      throw new IllegalStateException(
          "clips are pending on stream thread '" + name + "' but it has no hooked producer");
    }
    if (producer.transactional()) {
      return; // exactly-once: drained inside the transaction instead
    }
    ProducerOutput out = batcher.drainTo(producer.delegate());
    producer.delegate().flush();
    out.checkSent();
  }

  private ClipBatcher currentBatcher() {
    ThreadState state = threads.get(Thread.currentThread().getName());
    return state == null ? null : state.batcherOf(Thread.currentThread());
  }

  private static IllegalStateException unhooked(String thread, String client) {
    return new IllegalStateException(
        "inference.max.batch.size > 1 and inference.max.in.flight.batches > 0 need"
            + " InferenceBatching's commit hooks, but the "
            + client
            + " of stream thread '"
            + thread
            + "' was not created by InferenceBatching.clientSupplier(). Create Kafka Streams with"
            + " new KafkaStreams(topology, props, batching.clientSupplier()) and the classic group"
            + " protocol, or set inference.max.batch.size=1 and inference.max.in.flight.batches=0."
            + " Refusing to run: offsets could be"
            + " committed before their predictions exist.");
  }
}
