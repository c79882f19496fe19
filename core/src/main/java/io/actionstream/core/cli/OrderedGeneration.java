package io.actionstream.core.cli;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders clips {@code 0..count-1} on several threads and hands them to the caller in index order.
 * Each worker thread has its own {@link ActionClipGenerator} (instances are not thread-safe); at
 * most {@link #WINDOW_PER_THREAD} clips per thread are in flight, so memory stays bounded. As a
 * clip depends only on the config and its index, the sequence is the same for any thread count.
 */
final class OrderedGeneration {
  /** Clips in flight per worker thread: enough to keep workers busy while the caller writes. */
  static final int WINDOW_PER_THREAD = 4;

  /** Receives clips in index order on the calling thread. */
  @FunctionalInterface
  interface ClipSink {
    void accept(long index, LabelledClip clip) throws Exception;
  }

  private OrderedGeneration() {}

  /**
   * Generates clips {@code 0..count-1} with {@code threads} workers and passes each to {@code sink}
   * in index order. A failure in a worker or in the sink stops the generation and is rethrown.
   */
  static void run(GeneratorConfig config, int threads, long count, ClipSink sink) throws Exception {
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "generate-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ThreadLocal<ActionClipGenerator> generator =
        ThreadLocal.withInitial(() -> new ActionClipGenerator(config));
    Deque<Future<LabelledClip>> pending = new ArrayDeque<>();
    int window = threads * WINDOW_PER_THREAD;
    long submitted = 0;
    try {
      for (long index = 0; index < count; index++) {
        while (submitted < count && pending.size() < window) {
          long clipIndex = submitted++;
          pending.add(pool.submit(() -> generator.get().generate(clipIndex)));
        }
        sink.accept(index, take(pending.poll()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static LabelledClip take(Future<LabelledClip> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
