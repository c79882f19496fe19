package io.actionstream.service.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.testkit.SingleNodeKafka;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code serve} processes of one application share six partitions on the real broker; one is
 * killed with SIGKILL while cameras stream, a fourth joins later. Exactly-once v2: every clip gets
 * exactly one committed prediction, whichever instance made it.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ScaleOutIntegrationTest {
  private static final Path TINY = Path.of("src/test/resources/models/tiny");
  private static final int T = 4;
  private static final int SIZE = 32;
  private static final int PARTITIONS = 6;
  private static final int STREAMS = 12;
  private static final int CLIPS = 40;
  private static final long STEP_MS = 150;
  private static final long T0 = 1_764_150_000_000L;
  private static KafkaClusterTestKit cluster;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    cluster = SingleNodeKafka.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldPredictEveryClipOnceWhenAnInstanceIsKilledAndAnotherJoins() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    List<String> names = List.of("frames", "clips", "queries", "labels", "predictions", "answers");
    Properties settings = new Properties();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name + "-" + id, PARTITIONS, (short) 1));
        settings.put("topic." + name, name + "-" + id);
      }
      topics.add(new NewTopic("dlq-" + id, 1, (short) 1));
      settings.put("topic.dlq", "dlq-" + id);
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
    settings.put("model.path", TINY.toAbsolutePath().toString());
    settings.put("predictor.execution.provider", "cpu");
    settings.put("predictor.intra.op.threads", "1");
    settings.put("bootstrap.servers", cluster.bootstrapServers());
    settings.put("application.id", "scale-out-" + id);
    settings.put("topics.create", "false");
    settings.put("clip.frames", Integer.toString(T));
    settings.put("clip.stride", Integer.toString(T));
    settings.put("num.stream.threads", "1");
    settings.put("commit.interval.ms", "100");
    // a killed member is noticed after the session timeout
    settings.put("consumer.session.timeout.ms", "6000");
    settings.put("consumer.heartbeat.interval.ms", "1000");

    List<ServeProcess> instances = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        instances.add(start(settings, i));
      }
      for (ServeProcess instance : instances) {
        instance.awaitReady(Duration.ofSeconds(90));
      }
      Map<String, Integer> predicted = new TreeMap<>();
      Map<String, List<Long>> arrivals = new TreeMap<>();
      long killedAt = 0;
      try (KafkaProducer<byte[], byte[]> producer = SingleNodeKafka.producer(cluster);
          KafkaConsumer<byte[], byte[]> consumer = SingleNodeKafka.readCommittedConsumer(cluster)) {
        consumer.subscribe(List.of("predictions-" + id));
        FrameCodec codec = new FrameCodec();
        int steps = CLIPS * T;
        for (int step = 0; step < steps; step++) {
          for (int s = 0; s < STREAMS; s++) {
            Headers h = new RecordHeaders();
            codec.writeHeaders(
                new FrameMetadata(step, T0 + step * 40L, SIZE, SIZE, FrameEncoding.RAW_RGB8), h);
            byte[] rgb = new byte[SIZE * SIZE * 3];
            rgb[0] = (byte) s;
            producer.send(new ProducerRecord<>("frames-" + id, null, utf8("cam-" + s), rgb, h));
          }
          producer.flush();
          if (step == steps / 3) {
            instances.get(1).process.destroyForcibly(); // SIGKILL: no leave, no commit
            killedAt = System.nanoTime();
          }
          if (step == 2 * steps / 3) {
            instances.add(start(settings, 3));
          }
          collect(consumer, predicted, arrivals, STEP_MS);
        }
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (predicted.size() < STREAMS * CLIPS && System.nanoTime() < end) {
          collect(consumer, predicted, arrivals, 200);
        }
        collect(consumer, predicted, arrivals, 2000); // a duplicate would come now
      }
      assertEquals(STREAMS * CLIPS, predicted.size(), "clips predicted");
      List<String> twice =
          predicted.entrySet().stream()
              .filter(e -> e.getValue() > 1)
              .map(Map.Entry::getKey)
              .toList();
      assertEquals(List.of(), twice, "clips predicted more than once");
      // a stream of the killed instance's partitions waits for the session timeout, the
      // rebalance and the restoration of its state elsewhere
      long longestPause = 0;
      for (List<Long> times : arrivals.values()) {
        for (int i = 1; i < times.size(); i++) {
          if (times.get(i) > killedAt) {
            longestPause = Math.max(longestPause, times.get(i) - times.get(i - 1));
          }
        }
      }
      System.out.printf(
          "scale-out: %d clips, each predicted once; longest pause of a stream's predictions"
              + " after the kill: %d ms%n",
          predicted.size(), TimeUnit.NANOSECONDS.toMillis(longestPause));
      for (ServeProcess survivor : List.of(instances.get(0), instances.get(2), instances.get(3))) {
        assertTrue(survivor.process.isAlive(), survivor.output());
      }
    } finally {
      for (ServeProcess instance : instances) {
        instance.close();
      }
    }
  }

  private ServeProcess start(Properties settings, int i) throws Exception {
    Properties p = new Properties();
    p.putAll(settings);
    Path home = dir.resolve("instance-" + i);
    p.put("state.dir", home.resolve("state").toString());
    return ServeProcess.start(home, p);
  }

  private static void collect(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<String, Integer> predicted,
      Map<String, List<Long>> arrivals,
      long forMs) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(forMs);
    do {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
        Prediction p = WireSerdes.prediction().read(r.value());
        predicted.merge(p.streamId() + "@" + p.firstFrame(), 1, Integer::sum);
        arrivals.computeIfAbsent(p.streamId(), k -> new ArrayList<>()).add(System.nanoTime());
      }
    } while (System.nanoTime() < end);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
