package io.actionstream.streams.topology;

import static io.actionstream.streams.topology.TopologyFixture.info;
import static io.actionstream.streams.topology.TopologyFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.AnswerStatus;
import io.actionstream.core.wire.ClipRange;
import io.actionstream.core.wire.Query;
import io.actionstream.core.wire.SlotWord;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.inference.FakePredictor;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTopologyTest {
  @Test
  void shouldAnswerOnlyTheAskedPropertiesFromTheLatestClipWithTheirMask() {
    try (TopologyFixture f = new TopologyFixture()) {
      for (long i = 0; i < 6; i++) {
        f.frame("cam-1", i);
      }
      f.query("cam-1", "q-1", List.of("action", "colour"));
      Answer a = f.answers.readValue();
      assertEquals(AnswerStatus.OK, a.status());
      assertEquals("q-1", a.queryId());
      assertEquals(new ClipRange(2, 5), a.clip());
      assertEquals("fake-1", a.modelVersion());
      Clip latest = TestFrames.clip(2, 4, TestFrames.SIZE);
      List<SlotWord> all = f.predictor.expected(latest).words(f.predictor.schema());
      assertEquals(List.of(all.get(3), all.get(1)), a.answers());
      List<SlotMask> lastCall = f.predictor.calls().get(f.predictor.calls().size() - 1);
      assertEquals(f.predictor.schema().maskOf(List.of("colour", "action")), lastCall.get(0));
    }
  }

  @Test
  void shouldAnswerUnknownStreamForAStreamNeverSeen() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.query("cam-404", "q-2", List.of("colour"));
      Answer a = f.answers.readValue();
      assertEquals(AnswerStatus.UNKNOWN_STREAM, a.status());
      assertEquals("q-2", a.queryId());
      assertTrue(a.answers().isEmpty());
    }
  }

  @Test
  void shouldAnswerUnknownPropertyNamingIt() {
    try (TopologyFixture f = new TopologyFixture()) {
      for (long i = 0; i < 4; i++) {
        f.frame("cam-1", i);
      }
      f.query("cam-1", "q-3", List.of("colour", "texture"));
      Answer a = f.answers.readValue();
      assertEquals(AnswerStatus.UNKNOWN_PROPERTY, a.status());
      assertTrue(a.message().contains("'texture'"), a.message());
    }
  }

  @Test
  void shouldAnswerNoClipYetWhenFramesSeenButNoClipComplete() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.frame("cam-1", 0);
      f.frame("cam-1", 1);
      f.query("cam-1", "q-4", List.of("shape"));
      assertEquals(AnswerStatus.NO_CLIP_YET, f.answers.readValue().status());
    }
  }

  @Test
  void shouldAnswerInvalidQueryWhenStreamIdIsNotTheKey() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.query("cam-1", WireSerdes.query().write(Query.of("q-5", "cam-2", List.of("size"), 1)));
      var record = f.answers.readRecord();
      Answer a = record.value();
      assertEquals(AnswerStatus.INVALID_QUERY, a.status());
      assertEquals("cam-1", record.key());
      assertNull(a.clip());
    }
  }

  @Test
  void shouldDeadLetterMalformedQueryJson() {
    try (TopologyFixture f = new TopologyFixture()) {
      byte[] bad = utf8("{\"schemaVersion\":1,\"queryId\":");
      f.query("cam-1", bad);
      byte[] noProps =
          utf8("{\"schemaVersion\":1,\"queryId\":\"q\",\"streamId\":\"cam-1\",\"createdMs\":1}");
      f.query("cam-1", noProps);
      var dead = f.dlq.readRecordsToList();
      assertEquals(
          List.of("INVALID_JSON", "INVALID_FIELD"),
          dead.stream().map(r -> info(r).error()).toList());
      assertArrayEquals(bad, dead.get(0).value());
      assertEquals(f.topics.queries().name(), info(dead.get(0)).sourceTopic());
      assertTrue(f.answers.isEmpty());
    }
  }

  @Test
  void shouldAnswerFromTheLastPredictedClipNotFromOneWhosePredictionFailed() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.clip("cam-1", TestFrames.clip(0, 4, TestFrames.SIZE));
      Clip bad = TestFrames.clip(4, 4, TestFrames.SIZE);
      bad.pixels()[0] = (byte) FakePredictor.FAIL_RED;
      f.clip("cam-1", bad);
      assertEquals(1, f.dlq.readRecordsToList().size());
      f.query("cam-1", "q-after-failure", List.of("colour"));
      Answer a = f.answers.readValue();
      assertEquals(AnswerStatus.OK, a.status());
      assertEquals(new ClipRange(0, 3), a.clip());
    }
  }
}
