package io.actionstream.streams.topology;

import static io.actionstream.streams.topology.TopologyFixture.info;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.AnswerStatus;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.inference.FakePredictor;
import io.actionstream.streams.inference.InferenceBatching;
import io.actionstream.streams.metrics.TopologyListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micro-batching in the test driver ({@link
 * InferenceBatching#withoutCommitHooksForTopologyTestDriver}): the full-batch and max-wait paths.
 * The commit-time path needs real clients and is tested against a broker ({@code
 * BatchingCrashTest}).
 */
class BatchingTopologyTest {
  private static TopologyFixture fixture(int batchSize, long maxWaitMs) {
    return new TopologyFixture(
        Map.of(
            StreamProcessorsConfig.MAX_BATCH_SIZE_CONFIG, batchSize,
            StreamProcessorsConfig.MAX_WAIT_MS_CONFIG, maxWaitMs,
            StreamProcessorsConfig.MAX_IN_FLIGHT_BATCHES_CONFIG, 0),
        InferenceBatching::withoutCommitHooksForTopologyTestDriver);
  }

  private static Clip clip(long first) {
    return TestFrames.clip(first, TopologyFixture.T, TestFrames.SIZE);
  }

  private static String id(TestRecord<String, Prediction> r) {
    return r.key() + "@" + r.value().firstFrame();
  }

  @Test
  void shouldPredictAFullBatchInOnePredictorCallInArrivalOrder() {
    try (TopologyFixture f = fixture(3, 60_000)) {
      f.clip("cam-1", clip(0));
      f.clip("cam-2", clip(0));
      assertTrue(f.predictions.isEmpty(), "batch not full yet");
      assertEquals(0, f.predictor.calls().size());

      f.clip("cam-1", clip(2));
      List<TestRecord<String, Prediction>> out = f.predictions.readRecordsToList();
      assertEquals(
          List.of("cam-1@0", "cam-2@0", "cam-1@2"),
          out.stream().map(BatchingTopologyTest::id).toList());
      assertEquals(1, f.predictor.calls().size(), "one predictor call");
      assertEquals(3, f.predictor.calls().get(0).size(), "with three clips");
      for (TestRecord<String, Prediction> r : out) {
        assertEquals(3, r.value().timings().batchSize());
        Clip c = clip(r.value().firstFrame());
        assertEquals(f.predictor.expected(c).words(f.predictor.schema()), r.value().slots());
      }
    }
  }

  @Test
  void shouldRunAPartialBatchOnceItsOldestClipHasWaitedMaxWait() {
    try (TopologyFixture f = fixture(8, 100)) {
      f.clip("cam-1", clip(0));
      f.clip("cam-1", clip(2));
      f.driver.advanceWallClockTime(Duration.ofMillis(99));
      assertTrue(f.predictions.isEmpty(), "not due before max.wait");

      f.driver.advanceWallClockTime(Duration.ofMillis(1));
      List<TestRecord<String, Prediction>> out = f.predictions.readRecordsToList();
      assertEquals(
          List.of("cam-1@0", "cam-1@2"), out.stream().map(BatchingTopologyTest::id).toList());
      assertEquals(1, f.predictor.calls().size());
      for (TestRecord<String, Prediction> r : out) {
        assertEquals(2, r.value().timings().batchSize());
        assertEquals(100, r.value().timings().queuedMs());
      }
    }
  }

  @Test
  void shouldRetryAFailedBatchClipByClipAndDeadLetterOnlyTheFailingClip() {
    try (TopologyFixture f = fixture(3, 60_000)) {
      Clip bad = clip(2);
      bad.pixels()[0] = (byte) FakePredictor.FAIL_RED;
      byte[] badBytes = WireSerdes.clip().serializer().serialize("", bad);
      f.clip("cam-1", clip(0));
      f.pipe(f.clipsIn, "cam-1", badBytes, new RecordHeaders());
      f.clip("cam-2", clip(0));

      List<TestRecord<String, Prediction>> out = f.predictions.readRecordsToList();
      assertEquals(
          List.of("cam-1@0", "cam-2@0"), out.stream().map(BatchingTopologyTest::id).toList());
      out.forEach(r -> assertEquals(1, r.value().timings().batchSize()));
      TestRecord<byte[], byte[]> dead = f.dlq.readRecord();
      assertEquals(DeadLetters.PROCESSING_ERROR, info(dead).error());
      assertEquals(1, info(dead).sourceOffset(), "the failing clip's own offset");
      assertArrayEquals(badBytes, dead.value());
      assertTrue(f.dlq.isEmpty());
      assertEquals(4, f.predictor.calls().size(), "the batch, then each clip alone");
    }
  }

  @Test
  void shouldAnswerQueriesFromAClipStillWaitingForItsBatch() {
    try (TopologyFixture f = fixture(8, 60_000)) {
      f.clip("cam-1", clip(0));
      f.query("cam-1", "q-1", List.of("colour"));
      Answer a = f.answers.readValue();
      assertEquals(AnswerStatus.OK, a.status());
      assertTrue(f.predictions.isEmpty());
    }
  }

  @Test
  void shouldRefuseToStartBatchingWithoutTheCommitHooks(@TempDir Path stateDir) {
    StreamProcessorsConfig config =
        new StreamProcessorsConfig(
            Map.of(
                StreamProcessorsConfig.CLIP_FRAMES_CONFIG, TopologyFixture.T,
                StreamProcessorsConfig.CLIP_STRIDE_CONFIG, TopologyFixture.S,
                StreamProcessorsConfig.MAX_BATCH_SIZE_CONFIG, 8));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "refuse-unhooked");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    // the driver cannot be closed when its constructor fails: keep its leftovers out of /tmp
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    var topology =
        ActionStreamTopology.build(
            config,
            new FakePredictor(TopologyFixture.T, TestFrames.SIZE, TestFrames.SIZE),
            TopologyListener.NONE,
            InferenceBatching.of(config));
    // a test driver, like KafkaStreams created without batching.clientSupplier(), has no hooks
    StreamsException e =
        assertThrows(StreamsException.class, () -> new TopologyTestDriver(topology, props));
    Throwable cause = e;
    while (!(cause instanceof IllegalStateException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("batching.clientSupplier()"), cause.getMessage());
  }
}
