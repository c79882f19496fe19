package io.actionstream.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.core.wire.LabelReference;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.stores.StateStores;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * {@code clip.fps}: a 30 fps camera sampled to 15 fps clips by capture time, in the real topology;
 * clips count samples, and a label reference by sample numbers resolves to the same clip.
 */
class FrameRateTopologyTest {
  private static final long T0 = 1_764_150_000_000L; // a multiple of 200 ms: sample 0 of a clip

  /** Frame {@code i} of a 30 fps camera: capture time rounded to ms, pixels from its index. */
  private static void frame(TopologyFixture f, String stream, long i) {
    long capture = T0 + Math.round(i * 1000.0 / 30);
    RecordHeaders h = new RecordHeaders();
    new FrameCodec()
        .writeHeaders(
            new FrameMetadata(i, capture, TestFrames.SIZE, TestFrames.SIZE, FrameEncoding.RAW_RGB8),
            h);
    f.pipe(f.frames, stream, TestFrames.rgb(i, TestFrames.SIZE), h);
  }

  private static TopologyFixture fixture() {
    return TopologyFixture.clipsOnTopic(Map.of(StreamProcessorsConfig.CLIP_FPS_CONFIG, 15.0));
  }

  @Test
  void shouldSampleA30FpsCameraToEveryOtherFrameAndCountSamples() {
    try (TopologyFixture f = fixture()) {
      for (long i = 0; i < 20; i++) {
        frame(f, "cam", i);
      }
      List<Clip> clips = f.clips.readValuesToList();
      // T=4, S=2 over samples: frames 0,2,4,...; sample s = frame 2s; 20 frames decide 9 samples
      long first = T0 * 15 / 1000;
      assertEquals(
          List.of(first, first + 2, first + 4), clips.stream().map(Clip::firstFrameIndex).toList());
      Clip c = clips.get(0);
      assertArrayEquals(
          new long[] {T0, T0 + 67, T0 + 133, T0 + 200}, c.captureTimesMs(), "every other frame");
      for (int t = 0; t < 4; t++) {
        assertEquals(TestFrames.value(2L * t), c.pixels()[t * 48] & 0xFF, "frame " + (2 * t));
      }
      assertTrue(f.dlq.isEmpty(), "surplus frames are not dead letters");
      assertEquals(
          20 - 9 - 1,
          RecordingListener.count(f.listener.skipped, TopologyListener.SKIPPED_SURPLUS),
          "frames neither decided nor pending: counted as skipped");
    }
  }

  @Test
  void aPendingFrameBehindTheWindowShouldBeDroppedWithoutBlockingTheStream() {
    try (TopologyFixture f = fixture()) {
      KeyValueStore<String, byte[]> samples = f.driver.getKeyValueStore(StateStores.FRAME_SAMPLES);
      for (long i = 0; i < 6; i++) {
        frame(f, "cam", i);
      }
      byte[] behind = samples.get("cam");
      for (long i = 6; i < 14; i++) {
        frame(f, "cam", i);
      }
      long before = f.clips.readValuesToList().size();
      // what a restore leaves when clip-windows' changelog is ahead of frame-samples'
      samples.put("cam", behind);
      for (long i = 14; i < 30; i++) {
        frame(f, "cam", i);
      }
      assertTrue(f.dlq.isEmpty(), () -> "dead letters: " + f.dlq.readRecordsToList());
      assertEquals(1, RecordingListener.count(f.listener.skipped, TopologyListener.SKIPPED_STALE));
      List<Clip> after = f.clips.readValuesToList();
      long first = T0 * 15 / 1000;
      // 14 frames decide samples 0..5 (clips at 0 and 2, window from 4). The restored pending
      // sample 3 is dropped, so is sample 6 (pending when the state was rewound): the window
      // restarts at sample 7, and frames 14..29 decide samples 7..14.
      assertEquals(2, before);
      assertEquals(
          List.of(first + 7, first + 9, first + 11),
          after.stream().map(Clip::firstFrameIndex).toList());
    }
  }

  @Test
  void aLabelReferenceBySamplesShouldResolveToTheSampledClip() {
    try (TopologyFixture f = fixture()) {
      for (long i = 0; i < 12; i++) {
        frame(f, "cam", i);
      }
      Clip assembled = f.clips.readValuesToList().get(0);
      f.reference(
          LabelReference.of(
              "l1",
              "cam",
              assembled.firstFrameIndex(),
              assembled.lastFrameIndex(),
              TopologyFixture.sentence(0),
              5));
      var out = f.labels.readRecordsToList();
      assertEquals(1, out.size(), "dead letters: " + f.dlq.readRecordsToList());
      LabelledClip label = TopologyFixture.labelled(out.get(0));
      assertEquals(assembled, label.clip(), "same samples, pixels and capture times");
    }
  }
}
