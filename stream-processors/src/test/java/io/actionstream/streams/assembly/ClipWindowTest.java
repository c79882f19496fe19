package io.actionstream.streams.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipWindowTest {
  private static final AssemblyRules RULES = new AssemblyRules(3, 1, 1, 0);

  private static byte[] rgb(int v) {
    byte[] b = new byte[2 * 2 * 3];
    Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void shouldContinueTheSameWayAfterAStoreRoundTrip() {
    ClipWindow w = ClipWindow.empty();
    w.add(5, 500, 2, 2, rgb(5), 1000, RULES);
    w.add(7, 700, 2, 2, rgb(7), 1001, RULES);
    byte[] stored = w.encode();
    assertEquals(1001, ClipWindow.lastSeenMs(stored));

    ClipWindow restored = ClipWindow.decode(stored);
    assertEquals(5, restored.start());
    assertEquals(2, restored.bufferedFrames());
    assertArrayEquals(stored, restored.encode());
    List<Clip> clips = restored.add(6, 600, 2, 2, rgb(6), 1002, RULES).clips();
    assertEquals(1, clips.size());
    assertEquals(5, clips.get(0).firstFrameIndex());
    assertArrayEquals(new long[] {500, 600, 700}, clips.get(0).captureTimesMs());
    assertEquals(6, restored.start());
  }

  @Test
  void shouldRestartAfterTheGapWhenTheMissingFrameIsBeyondTolerance() {
    ClipWindow w = ClipWindow.empty();
    w.add(0, 0, 2, 2, rgb(0), 0, RULES);
    w.add(2, 0, 2, 2, rgb(2), 0, RULES); // 1 missing, within tolerance 1
    assertEquals(0, w.start());
    ClipWindow.AddResult r = w.add(3, 0, 2, 2, rgb(3), 0, RULES); // 1 now lost
    assertEquals(1, r.restarts());
    assertEquals(2, w.start());
  }

  private static byte[] rgb(int v, int size) {
    byte[] b = new byte[size * size * 3];
    Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void shouldTreatALateOrReplayedFrameOfTheOldSizeAsLateOrDuplicateNotAsASizeChange() {
    ClipWindow w = ClipWindow.empty();
    w.add(0, 0, 2, 2, rgb(0), 0, RULES);
    w.add(1, 0, 2, 2, rgb(1), 0, RULES);
    // Resolution change at frame 2: the window restarts there at 4x4.
    assertEquals(1, w.add(2, 0, 4, 4, rgb(2, 4), 0, RULES).restarts());
    w.add(3, 0, 4, 4, rgb(3, 4), 0, RULES);
    assertEquals(2, w.bufferedFrames());

    // A late frame of the old size (before the start) and a replayed one of a buffered index.
    ClipWindow.AddResult late = w.add(1, 0, 2, 2, rgb(1), 0, RULES);
    assertEquals(ClipWindow.Outcome.LATE, late.outcome());
    ClipWindow.AddResult dup = w.add(3, 0, 2, 2, rgb(3), 0, RULES);
    assertEquals(ClipWindow.Outcome.DUPLICATE, dup.outcome());
    assertEquals(2, w.start());
    assertEquals(2, w.bufferedFrames());

    // The 4x4 window goes on: frame 4 completes the clip 2..4.
    List<Clip> clips = w.add(4, 0, 4, 4, rgb(4, 4), 0, RULES).clips();
    assertEquals(1, clips.size());
    assertEquals(2, clips.get(0).firstFrameIndex());
    assertEquals(4, clips.get(0).width());
  }

  @Test
  void shouldRefuseToEncodeAWindowOverTwoGibibytesWithAClearError() {
    ClipWindow w = ClipWindow.empty();
    // 65535x65535x3 overflows an int; the stored form would be 12.9 GB.
    w.add(0, 0, 65535, 65535, new byte[3], 0, RULES);
    IllegalStateException e = assertThrows(IllegalStateException.class, w::encode);
    assertTrue(e.getMessage().contains("12884508727 bytes"), e.getMessage());
  }

  @Test
  void shouldStayWithinTheLargestStoredFormOfItsRules() {
    AssemblyRules rules = new AssemblyRules(4, 2, 2, 0);
    ClipWindow w = ClipWindow.empty();
    // The most a window holds: T - 1 frames before a hole (3 missing) plus O frames after it.
    for (long i : new long[] {0, 1, 2, 4, 5}) {
      w.add(i, 0, 4, 4, rgb(0, 4), 0, rules);
    }
    assertEquals(5, w.bufferedFrames());
    assertTrue(w.encode().length <= ClipWindow.maxEncodedBytes(rules, 48));
  }

  /** Issue 18: the last clip below 2^63-1 is assembled; nothing past it overflows. */
  @Test
  void shouldAssembleTheLastClipOfTheIndexRangeWithoutOverflow() {
    AssemblyRules rules = new AssemblyRules(4, 2, 1, 0);
    long last = Long.MAX_VALUE;
    ClipWindow w = ClipWindow.empty();
    List<Clip> clips = new java.util.ArrayList<>();
    for (long i = last - 5; i <= last && i > 0; i++) {
      clips.addAll(w.add(i, 0, 2, 2, rgb((int) (i & 0x7f)), 0, rules).clips());
    }
    assertEquals(List.of(last - 5, last - 3), clips.stream().map(Clip::firstFrameIndex).toList());
    for (Clip c : clips) {
      for (int t = 0; t < 4; t++) {
        assertEquals((byte) ((c.firstFrameIndex() + t) & 0x7f), c.frame(t)[0]);
      }
    }
    // the window now starts at 2^63-1 - 1: it can never fill, and nothing is emitted or thrown
    assertEquals(last - 1, w.start());
    assertEquals(ClipWindow.Outcome.DUPLICATE, w.add(last, 0, 2, 2, rgb(1), 0, rules).outcome());
  }
}
