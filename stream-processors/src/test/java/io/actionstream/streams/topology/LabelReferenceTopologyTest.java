package io.actionstream.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Slot;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.LabelCodec;
import io.actionstream.core.wire.LabelReference;
import io.actionstream.core.wire.WireError;
import io.actionstream.core.wire.WireHeaders;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.deadletter.StreamErrors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Label references resolved from the frame history, in the real topology. */
class LabelReferenceTopologyTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static final String SENTENCE =
      SCHEMA.slots().stream().map(Slot::words).map(w -> w.get(1)).collect(Collectors.joining(" "));
  private static final LabelCodec CODEC = new LabelCodec(new ClipCodec());

  private static void reference(TopologyFixture f, String key, LabelReference ref) {
    f.pipe(f.labelsIn, key, WireSerdes.labelReference().write(ref), new RecordHeaders());
  }

  private static LabelReference ref(String stream, long first, long last) {
    return LabelReference.of("fix-" + first, stream, first, last, SENTENCE.toUpperCase(), 5);
  }

  private static LabelledClip resolved(TestRecord<byte[], byte[]> r) {
    return CODEC.decode(r.key(), r.headers(), r.value(), SCHEMA);
  }

  private static DeadLetterInfo onlyDeadLetter(TopologyFixture f) {
    List<TestRecord<byte[], byte[]>> dead = f.dlq.readRecordsToList();
    assertEquals(1, dead.size(), "dead letters");
    return TopologyFixture.info(dead.get(0));
  }

  @Test
  void resolvesAReferenceIntoTheClipTheModelSaw() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      for (long i = 0; i < 6; i++) {
        f.frame("cam", i);
      }
      List<Clip> assembled = f.clips.readValuesToList();
      assertEquals(List.of(0L, 2L), assembled.stream().map(Clip::firstFrameIndex).toList());
      reference(f, "cam", ref("cam", 2, 5));
      List<TestRecord<byte[], byte[]>> out = f.labels.readRecordsToList();
      assertEquals(1, out.size());
      LabelledClip label = resolved(out.get(0));
      assertEquals(assembled.get(1), label.clip(), "same pixels, index and capture times");
      assertEquals(SENTENCE, label.sentence().text());
      assertEquals(
          "fix-2",
          new String(
              out.get(0).headers().lastHeader(WireHeaders.LABEL_ID).value(),
              StandardCharsets.UTF_8));
      assertEquals("cam", new String(out.get(0).key(), StandardCharsets.UTF_8));
      assertTrue(f.dlq.isEmpty());
    }
  }

  @Test
  void bridgesALostFrameAsTheAssemblerDid() {
    try (TopologyFixture f =
        TopologyFixture.clipsOnTopic(
            Map.of(
                StreamProcessorsConfig.MAX_GAP_FRAMES_CONFIG, 1,
                StreamProcessorsConfig.OUT_OF_ORDER_FRAMES_CONFIG, 0))) {
      for (long i : new long[] {0, 1, 3, 4, 5}) {
        f.frame("cam", i);
      }
      Clip first = f.clips.readValuesToList().get(0);
      assertEquals(0, first.firstFrameIndex());
      reference(f, "cam", ref("cam", 0, 3));
      assertEquals(first, resolved(f.labels.readRecord()).clip());
      assertTrue(f.dlq.isEmpty());
    }
  }

  @Test
  void leavesLabelledClipsAndTombstonesAlone() {
    try (TopologyFixture f = new TopologyFixture()) {
      LabelledClip label =
          new LabelledClip("x", TestFrames.clip(0, TopologyFixture.T, 4), SCHEMA.parse(SENTENCE));
      RecordHeaders headers = new RecordHeaders();
      CODEC.writeHeaders(label, headers);
      f.pipe(f.labelsIn, "cam", CODEC.encodeValue(label), headers);
      f.pipe(f.labelsIn, "cam", null, new RecordHeaders());
      assertTrue(f.labels.isEmpty(), "nothing written back");
      assertTrue(f.dlq.isEmpty());
    }
  }

  @Test
  void framesBeyondTheHistoryAreNotHeld() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(StreamProcessorsConfig.LABELS_HISTORY_FRAMES_CONFIG, 5))) {
      for (long i = 0; i < 10; i++) {
        f.frame("cam", i);
      }
      reference(f, "cam", ref("cam", 4, 7));
      DeadLetterInfo dead = onlyDeadLetter(f);
      assertEquals(StreamErrors.FRAMES_NOT_HELD, dead.error());
      assertTrue(
          dead.reason().contains("frame 4 is not held (frames 5..9 are held"), dead.reason());
      reference(f, "cam", ref("cam", 6, 9));
      assertEquals(6, resolved(f.labels.readRecord()).clip().firstFrameIndex());
      reference(f, "other", ref("other", 0, 3));
      assertTrue(onlyDeadLetter(f).reason().contains("no frames of it are held"));
    }
  }

  @Test
  void anIdleStreamIsForgotten() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(StreamProcessorsConfig.IDLE_EXPIRY_MS_CONFIG, 1000L))) {
      for (long i = 0; i < 4; i++) {
        f.frame("cam", i);
      }
      f.driver.advanceWallClockTime(Duration.ofSeconds(5));
      reference(f, "cam", ref("cam", 0, 3));
      assertEquals(StreamErrors.FRAMES_NOT_HELD, onlyDeadLetter(f).error());
      assertTrue(f.labels.isEmpty());
    }
  }

  @Test
  void badReferencesAreDeadLetteredWithTheirReason() {
    try (TopologyFixture f = new TopologyFixture()) {
      for (long i = 0; i < 8; i++) {
        f.frame("cam", i);
      }
      reference(f, "cam", ref("cam", 0, 4));
      DeadLetterInfo count = onlyDeadLetter(f);
      assertEquals(WireError.FRAME_COUNT.name(), count.error());
      assertTrue(count.reason().contains("are 5 frames, a clip has T=4"), count.reason());

      reference(f, "cam", LabelReference.of("l", "cam", 0, 3, "small plaid cube", 5));
      assertEquals(WireError.UNKNOWN_WORD.name(), onlyDeadLetter(f).error());

      reference(f, "cam", ref("cam-2", 0, 3));
      DeadLetterInfo key = onlyDeadLetter(f);
      assertEquals(WireError.INVALID_FIELD.name(), key.error());
      assertTrue(key.reason().contains("expected the record key 'cam'"), key.reason());

      f.pipe(f.labelsIn, "cam", TopologyFixture.utf8("{\"labelId\":"), new RecordHeaders());
      assertEquals(WireError.INVALID_JSON.name(), onlyDeadLetter(f).error());

      String noSentence =
          "{\"schemaVersion\":1,\"labelId\":\"a\",\"streamId\":\"cam\",\"firstFrame\":0,"
              + "\"lastFrame\":3,\"createdMs\":1}";
      f.pipe(f.labelsIn, "cam", TopologyFixture.utf8(noSentence), new RecordHeaders());
      DeadLetterInfo missing = onlyDeadLetter(f);
      assertEquals(WireError.INVALID_FIELD.name(), missing.error());
      assertTrue(missing.reason().contains("sentence"), missing.reason());
      assertTrue(f.labels.isEmpty());

      reference(f, "cam", ref("cam", 4, 7));
      assertEquals(4, resolved(f.labels.readRecord()).clip().firstFrameIndex(), "still running");
    }
  }

  @Test
  void noHistoryMeansNoLabelsTopic() {
    StreamProcessorsConfig off =
        new StreamProcessorsConfig(Map.of(StreamProcessorsConfig.LABELS_HISTORY_FRAMES_CONFIG, 0));
    Topics topics = Topics.of(off);
    assertFalse(topics.names().contains("labels"));
    assertEquals(List.of("frames", "clips", "queries"), topics.coPartitioned());
    assertEquals(
        List.of("frames", "clips", "queries", "labels"),
        Topics.of(StreamProcessorsConfig.defaults()).coPartitioned());
    try (TopologyFixture f =
        new TopologyFixture(Map.of(StreamProcessorsConfig.LABELS_HISTORY_FRAMES_CONFIG, 0))) {
      String description =
          ActionStreamTopology.build(
                  f.config,
                  f.predictor,
                  f.listener,
                  io.actionstream.streams.inference.InferenceBatching.none())
              .describe()
              .toString();
      assertFalse(description.contains(ActionStreamTopology.LABEL_RESOLVER), description);
      assertFalse(description.contains("labels"), "the labels topic is not read");
    }
  }
}
