package io.actionstream.trainer.batch;

import io.actionstream.core.clip.LabelledClip;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;

/**
 * Groups a stream of clips into batches on a background thread, so that reading (or generating) the
 * next batches overlaps with training on the current one. At most {@code prefetch} batches wait in
 * memory. Any failure of the reader, errors included, surfaces on the consuming thread at the batch
 * where it happened. The reader thread alone touches the stream and closes it when it ends
 * (exhausted, failed or stopped); {@link #close()} stops it early.
 */
public final class ClipBatches implements Iterator<List<LabelledClip>>, AutoCloseable {
  private static final List<LabelledClip> END = List.of();

  private final BlockingQueue<Object> queue;
  private final Thread reader;
  private volatile boolean closed;
  private Object next;

  /** What the reader thread died of. */
  private record Failure(Throwable cause) {}

  /**
   * Starts reading.
   *
   * @param stream the clips; closed by the reader thread when it ends
   * @param batchSize clips per batch (the last batch may be smaller)
   * @param maxBatches stop after this many batches (0: no limit)
   * @param prefetch batches read ahead, at least 1
   */
  public ClipBatches(Stream<LabelledClip> stream, int batchSize, long maxBatches, int prefetch) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    this.queue = new ArrayBlockingQueue<>(Math.max(1, prefetch));
    this.reader = new Thread(() -> read(stream, batchSize, maxBatches), "clip-batches");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(Stream<LabelledClip> stream, int batchSize, long maxBatches) {
    Object last = END;
    try (stream) {
      Iterator<LabelledClip> it = stream.iterator();
      long batches = 0;
      List<LabelledClip> batch = new ArrayList<>(batchSize);
      while (!closed && it.hasNext() && (maxBatches == 0 || batches < maxBatches)) {
        batch.add(it.next());
        if (batch.size() == batchSize) {
          queue.put(batch);
          batches++;
          batch = new ArrayList<>(batchSize);
        }
      }
      if (!batch.isEmpty() && !closed && (maxBatches == 0 || batches < maxBatches)) {
        queue.put(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // closed by the consumer: nobody waits for the end marker
    } catch (Throwable e) { // errors too: the consumer must never wait forever
      last = new Failure(e);
    }
    try {
      queue.put(last);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the next batch", e);
      }
    }
    if (next instanceof Failure failure) {
      if (failure.cause() instanceof RuntimeException e) {
        throw e;
      }
      if (failure.cause() instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException("reading clips failed", failure.cause());
    }
    return next != END;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<LabelledClip> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    List<LabelledClip> batch = (List<LabelledClip>) next;
    next = null;
    return batch;
  }

  /** Stops the reader (which closes the stream) and waits up to 5 s for it. */
  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
