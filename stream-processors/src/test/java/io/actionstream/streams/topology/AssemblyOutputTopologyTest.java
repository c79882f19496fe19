package io.actionstream.streams.topology;

import static io.actionstream.streams.topology.RecordingListener.count;
import static io.actionstream.streams.topology.TopologyFixture.info;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.AnswerStatus;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.inference.FakePredictor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code assembly.output}: assembled clips handed to the inference step in memory (the default)
 * give the same predictions as clips that travel through the clips topic, and write nothing there.
 */
class AssemblyOutputTopologyTest {
  private static void tenFramesOfTwoStreams(TopologyFixture f) {
    for (long i = 0; i < 10; i++) {
      f.frame("cam-1", i);
      f.frame("cam-2", i);
    }
  }

  /** The predictions' content without their timings (which depend on the clock). */
  private static List<String> withoutTimings(List<Prediction> predictions) {
    return predictions.stream()
        .map(
            p ->
                p.streamId()
                    + "@"
                    + p.firstFrame()
                    + ".."
                    + p.lastFrame()
                    + " "
                    + p.slots()
                    + " "
                    + p.modelVersion())
        .toList();
  }

  @Test
  void shouldPredictTheSameClipsInMemoryAsThroughTheClipsTopic() {
    List<Prediction> viaTopic;
    List<Clip> topicClips;
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      tenFramesOfTwoStreams(f);
      viaTopic = f.predictions.readValuesToList();
      topicClips = f.clips.readValuesToList();
    }
    try (TopologyFixture f = new TopologyFixture()) {
      tenFramesOfTwoStreams(f);
      List<Prediction> inMemory = f.predictions.readValuesToList();
      assertTrue(f.clips.isEmpty(), "nothing is written to the clips topic");
      assertEquals(8, inMemory.size()); // T=4, S=2: clips at 0, 2, 4, 6 per stream
      assertEquals(withoutTimings(viaTopic), withoutTimings(inMemory));
      for (int c = 0; c < inMemory.size(); c++) {
        Prediction p = inMemory.get(c);
        assertEquals(topicClips.get(c).firstFrameIndex(), p.firstFrame());
        assertEquals(
            f.predictor.expected(topicClips.get(c)).words(f.predictor.schema()), p.slots());
      }
    }
  }

  @Test
  void shouldCountNoClipsTopicTrafficInMemory() {
    try (TopologyFixture f = new TopologyFixture()) {
      tenFramesOfTwoStreams(f);
      String clips = f.topics.clips().name();
      assertEquals(20, count(f.listener.in, f.topics.frames().name()));
      assertEquals(0, count(f.listener.out, clips));
      assertEquals(0, count(f.listener.in, clips));
      assertEquals(8, count(f.listener.out, f.topics.predictions().name()));
    }
  }

  @Test
  void shouldDeadLetterAnAssembledClipWhosePredictionFailsWithTheFrameThatCompletedIt() {
    try (TopologyFixture f = new TopologyFixture()) {
      byte[] failing = new byte[TestFrames.SIZE * TestFrames.SIZE * 3];
      Arrays.fill(failing, (byte) FakePredictor.FAIL_RED); // the clip at frame 0 fails
      f.pipe(f.frames, "cam-1", failing, TestFrames.headers(0, TestFrames.SIZE));
      for (long i = 1; i < 6; i++) {
        f.frame("cam-1", i);
      }
      TestRecord<byte[], byte[]> dead = f.dlq.readRecord();
      assertEquals(DeadLetters.PROCESSING_ERROR, info(dead).error());
      assertEquals(f.topics.frames().name(), info(dead).sourceTopic());
      assertEquals(3, info(dead).sourceOffset()); // frame 3 completed the clip
      Clip deadClip = WireSerdes.clip().deserializer().deserialize("", dead.value());
      assertEquals(0, deadClip.firstFrameIndex());
      assertEquals(FakePredictor.FAIL_RED, deadClip.frame(0)[0] & 0xFF);
      assertEquals(
          List.of(2L),
          f.predictions.readValuesToList().stream().map(Prediction::firstFrame).toList());
      assertTrue(f.dlq.isEmpty());
    }
  }

  @Test
  void shouldAnswerQueriesFromAClipAssembledInMemory() {
    try (TopologyFixture f = new TopologyFixture()) {
      for (long i = 0; i < 4; i++) {
        f.frame("cam-1", i);
      }
      f.query("cam-1", "q1", List.of("colour"));
      var answer = f.answers.readValue();
      assertEquals(AnswerStatus.OK, answer.status());
      assertEquals(0, answer.clip().firstFrame());
    }
  }

  @Test
  void shouldStillPredictClipsThatProducersWriteToTheClipsTopic() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      Clip clip = TestFrames.clip(40, 4, TestFrames.SIZE);
      f.clip("cam-9", clip);
      Prediction p = f.predictions.readValue();
      assertEquals("cam-9", p.streamId());
      assertArrayEquals(
          new long[] {40, 43}, new long[] {p.firstFrame(), p.lastFrame()}, "the clip's range");
    }
  }
}
