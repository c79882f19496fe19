package io.actionstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShuffleBufferTest {
  private static List<Integer> shuffled(int n, int size, long seed) {
    try (Stream<Integer> s = ShuffleBuffer.shuffle(IntStream.range(0, n).boxed(), size, seed)) {
      return s.toList();
    }
  }

  @Test
  void shouldEmitEveryItemExactlyOnceInAnotherOrder() {
    List<Integer> out = shuffled(1000, 64, 7);
    assertEquals(IntStream.range(0, 1000).boxed().toList(), out.stream().sorted().toList());
    assertNotEquals(IntStream.range(0, 1000).boxed().toList(), out);
  }

  @Test
  void shouldBeDeterministicPerSeed() {
    assertEquals(shuffled(300, 32, 1), shuffled(300, 32, 1));
    assertNotEquals(shuffled(300, 32, 1), shuffled(300, 32, 2));
  }

  @Test
  void shouldBreakUpRunsOfSimilarItemsWithABufferAsLargeAsTheRun() {
    // 4 classes stored in runs of 50: a buffer of 200 mixes the first 50 emitted items
    List<Integer> out = shuffled(200, 200, 3);
    long classes = out.subList(0, 50).stream().map(i -> i / 50).distinct().count();
    assertEquals(4, classes);
  }

  @Test
  void sizeZeroOrOneShouldKeepTheOrderAndClosingShouldCloseTheSource() {
    assertEquals(List.of(0, 1, 2), shuffled(3, 0, 1));
    AtomicBoolean closed = new AtomicBoolean();
    try (Stream<Integer> s =
        ShuffleBuffer.shuffle(Stream.of(1, 2, 3).onClose(() -> closed.set(true)), 8, 1)) {
      s.count();
    }
    assertTrue(closed.get());
  }
}
