package io.actionstream.streams.topology;

import static io.actionstream.streams.topology.TopologyFixture.info;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.AnswerStatus;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.SlotWord;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.deadletter.StreamErrors;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class ClipAssemblyTopologyTest {
  private static List<Long> firstFrames(List<Clip> clips) {
    return clips.stream().map(Clip::firstFrameIndex).toList();
  }

  private static void assertFramesOf(Clip clip, long... indices) {
    assertEquals(indices.length, clip.frames());
    for (int t = 0; t < indices.length; t++) {
      assertEquals(TestFrames.value(indices[t]), clip.frame(t)[0] & 0xFF, "pixel of frame " + t);
      assertEquals(TestFrames.captureMs(indices[t]), clip.captureTimeMs(t), "time of frame " + t);
    }
  }

  @Test
  void shouldEmitClipsOfTFramesWithStrideSAndOnePredictionEach() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      for (long i = 0; i < 10; i++) {
        f.frame("cam-1", i);
      }
      List<Clip> clips = f.clips.readValuesToList();
      assertEquals(List.of(0L, 2L, 4L, 6L), firstFrames(clips));
      assertFramesOf(clips.get(1), 2, 3, 4, 5);

      List<Prediction> predictions = f.predictions.readValuesToList();
      assertEquals(4, predictions.size());
      for (int c = 0; c < clips.size(); c++) {
        Prediction p = predictions.get(c);
        Clip clip = clips.get(c);
        assertEquals("cam-1", p.streamId());
        assertEquals(clip.firstFrameIndex(), p.firstFrame());
        assertEquals(clip.firstFrameIndex() + 3, p.lastFrame());
        assertEquals(TestFrames.captureMs(p.firstFrame()), p.startTimeMs());
        assertEquals(TestFrames.captureMs(p.lastFrame()), p.endTimeMs());
        List<SlotWord> expected = f.predictor.expected(clip).words(f.predictor.schema());
        assertEquals(expected, p.slots());
        assertEquals(
            expected.stream().map(SlotWord::word).collect(Collectors.joining(" ")), p.sentence());
        assertEquals("fake-1", p.modelVersion());
        assertEquals(1, p.timings().batchSize());
      }
      assertTrue(f.dlq.isEmpty());
    }
  }

  @Test
  void shouldPlaceOutOfOrderFramesWithinToleranceByIndex() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      for (long i : new long[] {0, 2, 1, 4, 3}) {
        f.frame("cam-1", i);
      }
      List<Clip> clips = f.clips.readValuesToList();
      assertEquals(List.of(0L), firstFrames(clips));
      assertFramesOf(clips.get(0), 0, 1, 2, 3);
      assertTrue(f.dlq.isEmpty());
    }
  }

  @Test
  void shouldRestartWindowAfterGapLargerThanAllowed() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      for (long i : new long[] {0, 1, 2, 10, 11, 12, 13}) {
        f.frame("cam-1", i);
      }
      List<Clip> clips = f.clips.readValuesToList();
      assertEquals(List.of(10L), firstFrames(clips));
      assertFramesOf(clips.get(0), 10, 11, 12, 13);
    }
  }

  @Test
  void shouldBridgeGapUpToMaxGapByRepeatingThePreviousFrame() {
    try (TopologyFixture f =
        TopologyFixture.clipsOnTopic(Map.of(StreamProcessorsConfig.MAX_GAP_FRAMES_CONFIG, 1))) {
      for (long i : new long[] {0, 1, 3, 4, 5}) {
        f.frame("cam-1", i);
      }
      List<Clip> clips = f.clips.readValuesToList();
      assertEquals(List.of(0L, 2L), firstFrames(clips));
      assertFramesOf(clips.get(0), 0, 1, 1, 3);
      assertFramesOf(clips.get(1), 1, 3, 4, 5);
    }
  }

  @Test
  void shouldRestartWindowWhenFrameSizeChanges() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      f.frame("cam-1", 0);
      f.frame("cam-1", 1);
      for (long i = 2; i < 6; i++) {
        f.frame("cam-1", i, 8);
      }
      List<Clip> clips = f.clips.readValuesToList();
      assertEquals(List.of(2L), firstFrames(clips));
      assertEquals(8, clips.get(0).width());
      // the predictor takes 4x4 clips: the 8x8 clip is dead-lettered, not predicted
      assertTrue(f.predictions.isEmpty());
      TestRecord<byte[], byte[]> dead = f.dlq.readRecord();
      assertEquals("BAD_DIMENSIONS", info(dead).error());
      assertEquals(f.topics.clips().name(), info(dead).sourceTopic());
    }
  }

  @Test
  void shouldKeepStreamsApart() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      for (long i = 0; i < 4; i++) {
        f.frame("cam-1", i);
        f.frame("cam-2", i + 100);
      }
      assertEquals(2, f.predictions.getQueueSize());
      List<Prediction> p = f.predictions.readValuesToList();
      assertEquals("cam-1", p.get(0).streamId());
      assertEquals(0, p.get(0).firstFrame());
      assertEquals("cam-2", p.get(1).streamId());
      assertEquals(100, p.get(1).firstFrame());
    }
  }

  @Test
  void shouldDeadLetterLateAndDuplicateFrames() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      for (long i : new long[] {0, 1, 2, 3, 4, 1, 4}) {
        f.frame("cam-1", i);
      }
      assertEquals(1, f.clips.getQueueSize());
      assertEquals(StreamErrors.LATE_FRAME, info(f.dlq.readRecord()).error());
      assertEquals(StreamErrors.DUPLICATE_FRAME, info(f.dlq.readRecord()).error());
    }
  }

  @Test
  void shouldExpireIdleStreamWindowsOnWallClockTime() {
    try (TopologyFixture f =
        TopologyFixture.clipsOnTopic(Map.of(StreamProcessorsConfig.IDLE_EXPIRY_MS_CONFIG, 1000L))) {
      f.frame("cam-1", 0);
      f.frame("cam-1", 1);
      var store =
          f.driver.getKeyValueStore(io.actionstream.streams.stores.StateStores.CLIP_WINDOWS);
      assertTrue(store.get("cam-1") != null);
      org.apache.kafka.streams.state.KeyValueStore<Object, Object> pixels =
          f.driver.getKeyValueStore(io.actionstream.streams.stores.StateStores.CLIP_FRAMES);
      assertEquals(2, count(pixels), "one pixel record per held frame");
      f.driver.advanceWallClockTime(java.time.Duration.ofMillis(1500));
      assertEquals(null, store.get("cam-1"));
      assertEquals(0, count(pixels), "the expired stream's frames are deleted with its window");
      // the stream starts afresh: frame 2 starts a new window
      for (long i = 2; i < 6; i++) {
        f.frame("cam-1", i);
      }
      assertEquals(List.of(2L), firstFrames(f.clips.readValuesToList()));
    }
  }

  @Test
  void shouldKeepFramePixelsExactlyInTheClip() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      for (long i = 0; i < 4; i++) {
        f.frame("cam-1", i);
      }
      Clip clip = f.clips.readValue();
      assertArrayEquals(TestFrames.clip(0, 4, TestFrames.SIZE).pixels(), clip.pixels());
    }
  }

  @Test
  void shouldDeadLetterFramesWhoseClipWouldExceedTheDefaultRecordLimitInsteadOfFailingTheSink() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      // 1200x1200 raw frames (4.3 MB) pass the 16 MiB frame limit, but T=4 of them make a
      // 17.3 MB clip: the clips sink would throw OVERSIZE and fail the task.
      for (long i = 0; i < TopologyFixture.T; i++) {
        f.pipe(f.frames, "cam-big", TestFrames.rgb(i, 1200), TestFrames.headers(i, 1200));
      }
      assertTrue(f.clips.isEmpty());
      List<TestRecord<byte[], byte[]>> dead = f.dlq.readRecordsToList();
      assertEquals(TopologyFixture.T, dead.size());
      for (TestRecord<byte[], byte[]> d : dead) {
        assertEquals("OVERSIZE", info(d).error());
        assertTrue(info(d).reason().contains("17280068 bytes"), info(d).reason());
      }
      // The stream's window was never touched; other streams go on.
      f.query("cam-big", "q-big", List.of("colour"));
      assertEquals(AnswerStatus.UNKNOWN_STREAM, f.answers.readValue().status());
      for (long i = 0; i < TopologyFixture.T; i++) {
        f.frame("cam-1", i);
      }
      assertEquals(1, f.clips.readValuesToList().size());
    }
  }

  @Test
  void shouldBoundClipsByTheConfiguredRecordLimit() {
    // A clip of T=4 raw 4x4 frames is 20 + 4 * (12 + 48) = 260 bytes.
    try (TopologyFixture f =
        TopologyFixture.clipsOnTopic(Map.of(StreamProcessorsConfig.MAX_RECORD_BYTES_CONFIG, 259))) {
      for (long i = 0; i < TopologyFixture.T; i++) {
        f.frame("cam-1", i);
      }
      assertTrue(f.clips.isEmpty());
      assertEquals(TopologyFixture.T, f.dlq.readRecordsToList().size());
    }
    try (TopologyFixture f =
        TopologyFixture.clipsOnTopic(Map.of(StreamProcessorsConfig.MAX_RECORD_BYTES_CONFIG, 260))) {
      for (long i = 0; i < TopologyFixture.T; i++) {
        f.frame("cam-1", i);
      }
      assertEquals(1, f.clips.readValuesToList().size());
      assertTrue(f.dlq.isEmpty());
    }
  }

  private static int count(org.apache.kafka.streams.state.KeyValueStore<Object, Object> store) {
    int n = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }
}
