package io.actionstream.streams.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.topology.ActionStreamTopology;
import io.actionstream.streams.topology.TestFrames;
import io.actionstream.streams.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two outputs of the inference step write the same records: what the topology's sinks wrote for
 * a batch (forwarded through the context, in a test driver) equals what {@link ProducerOutput}
 * produces for the same prediction and dead letter: topic, key bytes, value bytes, headers and
 * timestamp.
 */
class InferenceOutputParityTest {
  private static final int T = 4;

  @Test
  void shouldProduceExactlyTheRecordsTheSinksWrite(@TempDir Path stateDir) {
    StreamProcessorsConfig config =
        new StreamProcessorsConfig(
            Map.of(
                StreamProcessorsConfig.CLIP_FRAMES_CONFIG, T,
                StreamProcessorsConfig.CLIP_STRIDE_CONFIG, 2,
                StreamProcessorsConfig.MAX_BATCH_SIZE_CONFIG, 2,
                StreamProcessorsConfig.MAX_IN_FLIGHT_BATCHES_CONFIG, 0));
    Topics topics = Topics.of(config);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "output-parity");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    Clip good = TestFrames.clip(0, T, TestFrames.SIZE);
    Clip bad = TestFrames.clip(2, T, TestFrames.SIZE);
    bad.pixels()[0] = (byte) FakePredictor.FAIL_RED;
    Headers badHeaders = new RecordHeaders().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));

    List<TestRecord<byte[], byte[]>> sunkPredictions;
    List<TestRecord<byte[], byte[]>> sunkDeadLetters;
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            ActionStreamTopology.build(
                config,
                new FakePredictor(T, TestFrames.SIZE, TestFrames.SIZE),
                TopologyListener.NONE,
                InferenceBatching.withoutCommitHooksForTopologyTestDriver(config)),
            props)) {
      TestInputTopic<String, byte[]> clips =
          driver.createInputTopic(
              topics.clips().name(), new StringSerializer(), new ByteArraySerializer());
      clips.pipeInput(new TestRecord<>("cam-1", bytes(good), new RecordHeaders(), 1000L));
      clips.pipeInput(new TestRecord<>("cam-1", bytes(bad), badHeaders, 2000L));
      sunkPredictions = raw(driver, topics.predictions().name());
      sunkDeadLetters = raw(driver, topics.deadLetters().name());
    }
    assertEquals(1, sunkPredictions.size());
    assertEquals(1, sunkDeadLetters.size());

    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    ProducerOutput out =
        new ProducerOutput(
            producer,
            ActionStreamTopology.inferenceSinks(topics, TopologyListener.NONE),
            TopologyListener.NONE);
    TestRecord<byte[], byte[]> p = sunkPredictions.get(0);
    out.prediction("cam-1", WireSerdes.prediction().read(p.value()), p.timestamp());
    TestRecord<byte[], byte[]> d = sunkDeadLetters.get(0);
    out.deadLetter(
        new Record<>(d.key(), d.value(), d.timestamp(), badHeaders), DeadLetters.read(d.headers()));

    List<ProducerRecord<byte[], byte[]>> produced = producer.history();
    assertEquals(2, produced.size());
    assertSame(topics.predictions().name(), p, produced.get(0));
    assertSame(topics.deadLetters().name(), d, produced.get(1));
  }

  private static void assertSame(
      String topic, TestRecord<byte[], byte[]> sunk, ProducerRecord<byte[], byte[]> produced) {
    assertEquals(topic, produced.topic());
    assertEquals(null, produced.partition(), "partitioned by key, like a sink");
    assertArrayEquals(sunk.key(), produced.key());
    assertArrayEquals(sunk.value(), produced.value());
    assertEquals(sunk.timestamp(), produced.timestamp());
    assertEquals(headers(sunk.headers()), headers(produced.headers()));
  }

  private static List<String> headers(Headers headers) {
    return Arrays.stream(headers.toArray()).map(InferenceOutputParityTest::header).toList();
  }

  private static String header(Header h) {
    return h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8);
  }

  private static List<TestRecord<byte[], byte[]>> raw(TopologyTestDriver driver, String topic) {
    return driver
        .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  private static byte[] bytes(Clip clip) {
    return WireSerdes.clip().serializer().serialize("", clip);
  }
}
