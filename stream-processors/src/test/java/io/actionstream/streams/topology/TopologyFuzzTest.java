package io.actionstream.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.actionstream.core.testkit.Mutations;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.LabelReference;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.Query;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireError;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.deadletter.StreamErrors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The real topology fed mutated frames, queries and label references between the frames of a good
 * stream: nothing escapes as an exception, every dead letter carries a documented code and names a
 * distinct source record, every decodable query is answered once, and every clip of the good stream
 * is predicted exactly once.
 */
class TopologyFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 7L);
  private static final int GOOD_FRAMES = 400;
  private static final Set<String> DOCUMENTED =
      Arrays.stream(WireError.values())
          .map(Enum::name)
          .collect(Collectors.toCollection(HashSet::new));

  static {
    DOCUMENTED.addAll(
        List.of(
            StreamErrors.LATE_FRAME, StreamErrors.DUPLICATE_FRAME, StreamErrors.FRAMES_NOT_HELD));
  }

  @Test
  void badRecordsAreDeadLetteredWithTheirCodeAndGoodOnesPredictedOnce() {
    Random random = new Random(SEED);
    Mutations mutate = new Mutations(random);
    Map<String, Integer> codes = new TreeMap<>();
    int queries = 0;
    int answerable = 0;
    try (TopologyFixture f = new TopologyFixture()) {
      for (long i = 0; i < GOOD_FRAMES; i++) {
        f.frame("good", i);
        for (int k = 0, n = random.nextInt(3); k < n; k++) {
          String key = "bad-" + random.nextInt(4);
          switch (random.nextInt(4)) {
            case 0, 1 -> {
              long index = random.nextInt(GOOD_FRAMES);
              Headers h = TestFrames.headers(index, TestFrames.SIZE);
              byte[] rgb = TestFrames.rgb(index, TestFrames.SIZE);
              pipe(
                  f,
                  f.frames,
                  random.nextInt(8) == 0 ? mutate.value(utf8(key)) : utf8(key),
                  random.nextBoolean() ? mutate.value(rgb) : rgb,
                  random.nextBoolean() ? mutate.headers(h) : h);
            }
            case 2 -> {
              byte[] query =
                  WireSerdes.query().write(Query.of("q" + queries, key, List.of("colour"), 1));
              byte[] sent = random.nextBoolean() ? mutate.value(query) : query;
              queries++;
              answerable += decodes(sent, key) ? 1 : 0;
              pipe(f, f.queries, utf8(key), sent, new RecordHeaders());
            }
            default -> {
              byte[] ref =
                  WireSerdes.labelReference()
                      .write(LabelReference.of("l", key, 0, 3, "small red square jumps", 1));
              pipe(f, f.labelsIn, utf8(key), mutate.value(ref), new RecordHeaders());
            }
          }
        }
      }
      Set<String> sources = new HashSet<>();
      for (TestRecord<byte[], byte[]> dead : f.dlq.readRecordsToList()) {
        DeadLetterInfo info = TopologyFixture.info(dead);
        codes.merge(info.error(), 1, Integer::sum);
        boolean fakeFailure =
            info.error().equals("PROCESSING_ERROR")
                && info.reason().contains("fake predictor told to fail");
        assertTrue(
            DOCUMENTED.contains(info.error()) || fakeFailure, info.error() + ": " + info.reason());
        assertTrue(
            sources.add(info.sourceTopic() + "@" + info.sourceOffset()),
            "two dead letters of " + info.sourceTopic() + "@" + info.sourceOffset());
      }
      assertEquals(answerable, f.answers.readRecordsToList().size(), "one answer per query");
      Map<Long, Integer> good = new HashMap<>();
      for (Prediction p : f.predictions.readValuesToList()) {
        if (p.streamId().equals("good")) {
          good.merge(p.firstFrame(), 1, Integer::sum);
        }
      }
      int clips = (GOOD_FRAMES - TopologyFixture.T) / TopologyFixture.S + 1;
      assertEquals(clips, good.size(), "clips of the good stream");
      assertTrue(good.values().stream().allMatch(n -> n == 1), "once each");
    }
    System.out.println("topology fuzz: dead letters " + codes + ", queries " + queries);
    assertTrue(codes.size() >= 8, "the fuzz reached few codes: " + codes);
  }

  /** Whether the query processor can read this record (else it is dead-lettered, unanswered). */
  private static boolean decodes(byte[] value, String key) {
    try {
      WireSerdes.query().read(value);
      StreamIds.requireValid(key);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void pipe(
      TopologyFixture f,
      TestInputTopic<String, byte[]> topic,
      byte[] key,
      byte[] value,
      Headers headers) {
    try {
      f.pipe(topic, new String(key, StandardCharsets.UTF_8), value, headers);
    } catch (RuntimeException e) {
      fail("a record escaped as " + e + " (seed " + SEED + ")", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
