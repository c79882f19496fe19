package io.actionstream.trainer.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Shuffles a stream with a bounded buffer, as streaming readers need (the whole dataset is never in
 * memory): the first {@code size} items fill the buffer, then every new item replaces a randomly
 * chosen buffered one, which is emitted; the rest leave in random order at the end. An item moves
 * at most about {@code size} places forward, so the buffer should be large compared with runs of
 * similar items in storage order. Deterministic for a seed.
 */
public final class ShuffleBuffer {
  private ShuffleBuffer() {}

  /**
   * Shuffles {@code items} with a buffer of {@code size} (0 or 1: the order is kept). Closing the
   * result closes {@code items}.
   */
  public static <T> Stream<T> shuffle(Stream<T> items, int size, long seed) {
    if (size < 0) {
      throw new IllegalArgumentException("shuffle buffer size must be >= 0, got " + size);
    }
    if (size <= 1) {
      return items;
    }
    Iterator<T> source = items.iterator();
    SplittableRandom random = new SplittableRandom(seed);
    Iterator<T> shuffled =
        new Iterator<>() {
          private final List<T> buffer = new ArrayList<>(size);

          @Override
          public boolean hasNext() {
            fill();
            return !buffer.isEmpty();
          }

          @Override
          public T next() {
            fill();
            if (buffer.isEmpty()) {
              throw new NoSuchElementException();
            }
            int pick = random.nextInt(buffer.size());
            T item = buffer.get(pick);
            if (source.hasNext()) {
              buffer.set(pick, source.next());
            } else {
              buffer.set(pick, buffer.get(buffer.size() - 1));
              buffer.remove(buffer.size() - 1);
            }
            return item;
          }

          private void fill() {
            while (buffer.size() < size && source.hasNext()) {
              buffer.add(source.next());
            }
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(shuffled, Spliterator.ORDERED), false)
        .onClose(items::close);
  }
}
