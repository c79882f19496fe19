package io.actionstream.streams.topology;

import static io.actionstream.streams.topology.TopologyFixture.info;
import static io.actionstream.streams.topology.TopologyFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireHeaders;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.inference.FakePredictor;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTopologyTest {
  @Test
  void shouldRouteCorruptFramesToDeadLetterTopicWhileEveryGoodClipGetsOnePrediction() {
    try (TopologyFixture f = new TopologyFixture()) {
      Headers noWidth = TestFrames.headers(90, TestFrames.SIZE);
      noWidth.remove(WireHeaders.WIDTH);
      byte[] shortRaw = new byte[10];
      Headers png = TestFrames.headers(91, TestFrames.SIZE);
      png.add(WireHeaders.ENCODING, utf8("png"));
      byte[] garbage = utf8("definitely not a PNG");

      f.frame("cam-1", 0);
      f.frame("cam-1", 1);
      f.pipe(f.frames, "cam-1", TestFrames.rgb(90, TestFrames.SIZE), noWidth);
      f.frame("cam-1", 2);
      f.pipe(f.frames, "cam-1", shortRaw, TestFrames.headers(92, TestFrames.SIZE));
      f.frame("cam-1", 3);
      f.pipe(f.frames, "cam-1", garbage, png);
      f.frame("cam-1", 4);
      f.frame("cam-1", 5);

      List<Prediction> predictions = f.predictions.readValuesToList();
      assertEquals(List.of(0L, 2L), predictions.stream().map(Prediction::firstFrame).toList());

      List<TestRecord<byte[], byte[]>> dead = f.dlq.readRecordsToList();
      assertEquals(
          List.of("MISSING_HEADER", "SIZE_MISMATCH", "IMAGE_DECODE_FAILED"),
          dead.stream().map(r -> info(r).error()).toList());
      assertArrayEquals(shortRaw, dead.get(1).value());
      assertArrayEquals(garbage, dead.get(2).value());
      assertArrayEquals(utf8("cam-1"), dead.get(2).key());
      DeadLetterInfo i = info(dead.get(1));
      assertEquals(f.topics.frames().name(), i.sourceTopic());
      assertEquals(0, i.sourcePartition());
      assertEquals(4, i.sourceOffset());
      assertTrue(i.reason().contains("expected 48 bytes"), i.reason());
      // original headers are kept
      assertEquals(
          "92", new String(dead.get(1).headers().lastHeader(WireHeaders.FRAME_INDEX).value()));
    }
  }

  @Test
  void shouldDeadLetterFrameWithInvalidKey() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.pipe(f.frames, "", TestFrames.rgb(0, TestFrames.SIZE), TestFrames.headers(0, 4));
      assertEquals("INVALID_KEY", info(f.dlq.readRecord()).error());
    }
  }

  @Test
  void shouldPredictWholeClipsWrittenDirectlyToClipsTopic() {
    try (TopologyFixture f = new TopologyFixture()) {
      Clip clip = TestFrames.clip(40, 4, TestFrames.SIZE);
      f.clip("cam-9", clip);
      Prediction p = f.predictions.readValue();
      assertEquals("cam-9", p.streamId());
      assertEquals(40, p.firstFrame());
      assertEquals(43, p.lastFrame());
      assertEquals(f.predictor.expected(clip).words(f.predictor.schema()), p.slots());
      assertTrue(f.predictions.isEmpty());
    }
  }

  @Test
  void shouldDeadLetterUndecodableAndWrongLengthClips() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.pipe(f.clipsIn, "cam-1", utf8("XXXXnot a clip at all"), new RecordHeaders());
      f.clip("cam-1", TestFrames.clip(0, 3, TestFrames.SIZE));
      f.clip("cam-1", TestFrames.clip(0, 4, TestFrames.SIZE));
      assertEquals(
          List.of("BAD_MAGIC", "FRAME_COUNT"),
          f.dlq.readRecordsToList().stream().map(r -> info(r).error()).toList());
      assertEquals(1, f.predictions.readValuesToList().size());
    }
  }

  @Test
  void shouldDeadLetterClipWhosePredictionFailsAndGoOn() {
    try (TopologyFixture f = new TopologyFixture()) {
      Clip bad = TestFrames.clip(0, 4, TestFrames.SIZE);
      bad.pixels()[0] = (byte) FakePredictor.FAIL_RED;
      byte[] badBytes = WireSerdes.clip().serializer().serialize("", bad);
      f.pipe(f.clipsIn, "cam-1", badBytes, new RecordHeaders());
      f.clip("cam-1", TestFrames.clip(4, 4, TestFrames.SIZE));
      TestRecord<byte[], byte[]> dead = f.dlq.readRecord();
      assertEquals(DeadLetters.PROCESSING_ERROR, info(dead).error());
      assertArrayEquals(badBytes, dead.value());
      assertEquals(
          List.of(4L),
          f.predictions.readValuesToList().stream().map(Prediction::firstFrame).toList());
    }
  }
}
