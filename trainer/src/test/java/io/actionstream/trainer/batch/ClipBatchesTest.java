package io.actionstream.trainer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ClipBatchesTest {
  private static LabelledClip clip(int i) {
    return new LabelledClip(
        "" + i,
        Clip.of(1, 1, 1, new byte[3]),
        PropertySchema.defaultSchema().sentenceOf(0, 0, 0, 0));
  }

  @Test
  void shouldBatchInOrderKeepTheLastPartialBatchAndCloseTheStream() {
    AtomicBoolean closed = new AtomicBoolean();
    List<List<String>> ids = new ArrayList<>();
    try (ClipBatches batches =
        new ClipBatches(
            IntStream.range(0, 7).mapToObj(ClipBatchesTest::clip).onClose(() -> closed.set(true)),
            3,
            0,
            1)) {
      while (batches.hasNext()) {
        ids.add(batches.next().stream().map(LabelledClip::id).toList());
      }
    }
    assertEquals(List.of(List.of("0", "1", "2"), List.of("3", "4", "5"), List.of("6")), ids);
    assertTrue(closed.get(), "the stream is closed when exhausted");
  }

  @Test
  void shouldStopAfterMaxBatches() {
    try (ClipBatches batches =
        new ClipBatches(IntStream.range(0, 100).mapToObj(ClipBatchesTest::clip), 10, 2, 1)) {
      int n = 0;
      while (batches.hasNext()) {
        batches.next();
        n++;
      }
      assertEquals(2, n);
    }
  }

  @Test
  void anErrorInTheReaderShouldReachTheConsumerInsteadOfHangingIt() {
    OutOfMemoryError oom = new OutOfMemoryError("decoding a huge clip");
    Stream<LabelledClip> failing =
        IntStream.range(0, 5)
            .mapToObj(
                i -> {
                  if (i == 4) {
                    throw oom;
                  }
                  return clip(i);
                });
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          try (ClipBatches batches = new ClipBatches(failing, 2, 0, 1)) {
            assertTrue(batches.hasNext());
            batches.next();
            assertTrue(batches.hasNext());
            batches.next();
            assertSame(oom, assertThrows(OutOfMemoryError.class, batches::hasNext));
          }
        });
  }

  @Test
  void closingEarlyShouldStopTheReaderAndCloseTheStream() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    ClipBatches batches =
        new ClipBatches(
            Stream.iterate(0, i -> i + 1)
                .map(ClipBatchesTest::clip)
                .onClose(() -> closed.set(true)),
            2,
            0,
            1);
    assertTrue(batches.hasNext());
    batches.close();
    assertTrue(closed.get(), "the reader closes the stream when stopped");
  }
}
