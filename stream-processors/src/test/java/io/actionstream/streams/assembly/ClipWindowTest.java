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
    ClipWindow.Pixels pixels = ClipWindow.inMemory();
    ClipWindow w = ClipWindow.empty(pixels);
    w.add(5, 500, 2, 2, rgb(5), 1000, RULES);
    w.add(7, 700, 2, 2, rgb(7), 1001, RULES);
    byte[] stored = w.encode();
    assertEquals(1001, ClipWindow.lastSeenMs(stored));

    ClipWindow restored = ClipWindow.decode(stored, pixels);
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
  void shouldStayWithinTheLargestStoredFormOfItsRules() {
    AssemblyRules rules = new AssemblyRules(4, 2, 2, 0);
    ClipWindow w = ClipWindow.empty();
    // The most a window holds: T - 1 frames before a hole (3 missing) plus O frames after it.
    for (long i : new long[] {0, 1, 2, 4, 5}) {
      w.add(i, 0, 4, 4, rgb(0, 4), 0, rules);
    }
    assertEquals(5, w.bufferedFrames());
    assertTrue(w.encode().length <= ClipWindow.maxEncodedBytes(rules));
  }

  /** Records every pixel write and delete. */
  private static final class CountingPixels implements ClipWindow.Pixels {
    final java.util.Map<Long, byte[]> held = new java.util.HashMap<>();
    int puts;
    int deletes;

    @Override
    public void put(long index, byte[] rgb) {
      puts++;
      held.put(index, rgb);
    }

    @Override
    public byte[] get(long index) {
      return held.get(index);
    }

    @Override
    public void delete(long index) {
      deletes++;
      held.remove(index);
    }
  }

  @Test
  void shouldWriteEachFramesPixelsOnceAndKeepTheStoredWindowSmall() {
    AssemblyRules rules = new AssemblyRules(16, 8, 2, 0);
    CountingPixels pixels = new CountingPixels();
    ClipWindow w = ClipWindow.empty(pixels);
    byte[] frame = new byte[64 * 64 * 3];
    int clips = 0;
    for (long i = 0; i < 40; i++) {
      clips += w.add(i, i, 64, 64, frame, 0, rules).clips().size();
    }
    assertEquals(4, clips); // clips at 0, 8, 16, 24
    assertEquals(40, pixels.puts, "one pixel write per frame, whatever T");
    assertEquals(32, pixels.deletes, "frames before the next clip start are released");
    assertEquals(8, pixels.held.size());
    assertTrue(w.encode().length < 300, "the stored window holds no pixels: " + w.encode().length);
  }

  @Test
  void aBridgedFrameShouldKeepThePixelsItRepeatsAfterTheirFrameIsDropped() {
    // T=3, S=3, tolerance 0, gaps up to 2 bridged: 0 1 [2 lost] 3 4 [5..6 lost] 7 8
    AssemblyRules rules = new AssemblyRules(3, 3, 0, 2);
    CountingPixels pixels = new CountingPixels();
    ClipWindow w = ClipWindow.empty(pixels);
    w.add(0, 0, 2, 2, rgb(10), 0, rules);
    w.add(1, 1, 2, 2, rgb(11), 0, rules);
    List<Clip> first = w.add(3, 3, 2, 2, rgb(13), 0, rules).clips(); // 2 repeats 1
    assertEquals(1, first.size());
    assertEquals(11, first.get(0).pixels()[2 * 12] & 0xFF, "frame 2 shows frame 1");
    w.add(4, 4, 2, 2, rgb(14), 0, rules);
    List<Clip> second = w.add(7, 7, 2, 2, rgb(17), 0, rules).clips(); // 5, 6 repeat 4
    assertEquals(1, second.size());
    assertEquals(3, second.get(0).firstFrameIndex());
    assertEquals(14, second.get(0).pixels()[2 * 12] & 0xFF, "frame 5 shows frame 4");
    // frames 3..5 are gone; 6 (bridged) still needs frame 4's pixels, 3's are released
    assertTrue(pixels.held.containsKey(4L));
    assertTrue(!pixels.held.containsKey(3L));
    List<Clip> third = w.add(8, 8, 2, 2, rgb(18), 0, rules).clips();
    assertEquals(14, third.get(0).pixels()[0] & 0xFF, "frame 6 shows frame 4");
    assertEquals(java.util.Set.of(), pixels.held.keySet(), "nothing held after the last clip");
  }

  @Test
  void shouldReadAWindowStoredBeforePixelsWereKeptPerFrame() {
    // the old stored form: width, height, start, maxSeen, lastSeen, count, (index, capture, rgb)*
    java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(4 + 4 + 8 + 8 + 8 + 4 + 2 * (16 + 12));
    old.putInt(2).putInt(2).putLong(5).putLong(6).putLong(1234).putInt(2);
    old.putLong(5).putLong(500).put(rgb(5));
    old.putLong(6).putLong(600).put(rgb(6));
    assertEquals(1234, ClipWindow.lastSeenMs(old.array()));
    CountingPixels pixels = new CountingPixels();
    ClipWindow w = ClipWindow.decode(old.array(), pixels);
    assertEquals(2, pixels.puts, "its pixels moved into the store");
    Clip clip = w.add(7, 700, 2, 2, rgb(7), 2000, RULES).clips().get(0);
    assertEquals(5, clip.firstFrameIndex());
    assertArrayEquals(new long[] {500, 600, 700}, clip.captureTimesMs());
    assertEquals(6, clip.pixels()[12] & 0xFF);
  }

  @Test
  void missingPixelsShouldBeSaidNotMadeUp() {
    ClipWindow.Pixels pixels = ClipWindow.inMemory();
    ClipWindow w = ClipWindow.empty(pixels);
    w.add(0, 0, 2, 2, rgb(0), 0, RULES);
    w.add(1, 0, 2, 2, rgb(1), 0, RULES);
    pixels.delete(0); // a restore that lost a frame record
    assertThrows(
        ClipWindow.MissingPixelsException.class, () -> w.add(2, 0, 2, 2, rgb(2), 0, RULES));
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
