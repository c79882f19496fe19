package io.actionstream.streams.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {
  /** Runs the sampler over capture times in arrival order; returns the decided ones' times. */
  private static List<Long> kept(FrameSampler sampler, long[] captures) {
    List<Long> kept = new ArrayList<>();
    FrameSampler.Pending pending = null;
    for (long t : captures) {
      FrameSampler.Decision d = sampler.decide(t, pending);
      FrameSampler.Pending next =
          new FrameSampler.Pending(sampler.sample(t), 0, t, 1, 1, new byte[3]);
      switch (d) {
        case SURPLUS -> {}
        case CANDIDATE, REPLACE -> pending = next;
        case DECIDE_PENDING -> {
          kept.add(pending.captureMs());
          pending = next;
        }
      }
    }
    return kept;
  }

  private static long[] camera(double fps, int frames, long start, int jitterMs, long seed) {
    Random r = new Random(seed);
    long[] t = new long[frames];
    for (int i = 0; i < frames; i++) {
      t[i] =
          start
              + Math.round(i * 1000.0 / fps)
              + (jitterMs == 0 ? 0 : r.nextInt(2 * jitterMs + 1) - jitterMs);
    }
    return t;
  }

  @Test
  void thirtyFramesPerSecondShouldKeepEveryOtherFrameEvenly() {
    List<Long> kept = kept(new FrameSampler(15), camera(30, 13, 0, 0, 0));
    // 0, 33, 67, 100, ... ms: the frames nearest to 0, 66.7, 133.3, ... ms
    assertEquals(List.of(0L, 67L, 133L, 200L, 267L, 333L), kept);
  }

  @Test
  void jitterShouldNotLoseOrDoubleASample() {
    FrameSampler sampler = new FrameSampler(10);
    List<Long> kept = kept(sampler, camera(25, 251, 1_000_000, 8, 3)); // 10 s of 25 fps, ±8 ms
    List<Long> samples = kept.stream().map(sampler::sample).toList();
    for (int i = 1; i < samples.size(); i++) {
      assertEquals(samples.get(i - 1) + 1, samples.get(i), "one frame per 100 ms sample: " + kept);
    }
    assertEquals(100, samples.size()); // 10 s: samples 10000..10099 decided, 10100 still pending
  }

  @Test
  void aSlowerStreamShouldLeaveSamplesEmptyForTheWindowToBridge() {
    FrameSampler sampler = new FrameSampler(15);
    long[] tenFps = camera(10, 7, 0, 0, 0); // 0, 100, ..., 600 ms
    List<Long> samples = kept(sampler, tenFps).stream().map(sampler::sample).toList();
    // 100 ms = 1.5 samples: sample numbers 0, 2, 3, 5, 6, 8 (gaps of one)
    assertArrayEquals(
        new long[] {0, 2, 3, 5, 6, 8}, samples.stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  void aFrameOfADecidedSampleShouldBeSurplusAndACloserOneReplace() {
    FrameSampler sampler = new FrameSampler(10); // samples every 100 ms
    FrameSampler.Pending at110 = new FrameSampler.Pending(1, 5, 110, 1, 1, new byte[3]);
    assertEquals(FrameSampler.Decision.REPLACE, sampler.decide(95, at110));
    assertEquals(FrameSampler.Decision.SURPLUS, sampler.decide(130, at110));
    assertEquals(FrameSampler.Decision.SURPLUS, sampler.decide(40, at110), "sample 0 is decided");
    assertEquals(FrameSampler.Decision.DECIDE_PENDING, sampler.decide(160, at110));
    FrameSampler.Pending back = FrameSampler.Pending.decode(at110.encode());
    assertEquals(110, back.captureMs());
    assertEquals(5, back.frameIndex());
    assertThrows(IllegalArgumentException.class, () -> new FrameSampler(0));
  }
}
