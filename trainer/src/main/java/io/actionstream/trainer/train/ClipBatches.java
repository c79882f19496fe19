package io.actionstream.trainer.train;

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
 * memory. A read error surfaces on the consuming thread at the batch where it happened. Close it to
 * stop the reader early and close the stream.
 */
public final class ClipBatches implements Iterator<List<LabelledClip>>, AutoCloseable {
  private static final List<LabelledClip> END = List.of();

  private final BlockingQueue<Object> queue;
  private final Thread reader;
  private final Stream<LabelledClip> stream;
  private volatile boolean closed;
  private Object next;

  /**
   * Starts reading.
   *
   * @param stream the clips; closed when this is closed or exhausted
   * @param batchSize clips per batch (the last batch may be smaller)
   * @param maxBatches stop after this many batches (0: no limit)
   * @param prefetch batches read ahead, at least 1
   */
  public ClipBatches(Stream<LabelledClip> stream, int batchSize, long maxBatches, int prefetch) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    this.stream = stream;
    this.queue = new ArrayBlockingQueue<>(Math.max(1, prefetch));
    this.reader = new Thread(() -> read(batchSize, maxBatches), "clip-batches");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(int batchSize, long maxBatches) {
    try {
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
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      try {
        queue.put(e);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
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
    if (next instanceof RuntimeException e) {
      throw e;
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

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stream.close();
  }
}
