package io.actionstream.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionstream.core.registry.RegistryException.Reason;
import io.actionstream.core.testkit.SingleNodeKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry contract on a real KRaft broker, each test on topics of its own, plus what only the
 * Kafka store has: chunks under the record limit, tombstones on retire, records another client can
 * read, and refusal of topics set up so that versions or their order could be lost.
 */
class KafkaRegistryTest extends ModelRegistryContract {
  /** Small chunks, so that the large test model spans several records. */
  private static final int CHUNK = 4096;

  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static KafkaClusterTestKit cluster;
  private String packages;
  private String events;

  @BeforeAll
  static void startBroker() throws Exception {
    cluster = SingleNodeKafka.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    cluster.close();
  }

  @BeforeEach
  void freshTopics() {
    int n = TOPICS.incrementAndGet();
    packages = "packages-" + n;
    events = "events-" + n;
  }

  private static Map<String, Object> clientProperties() {
    return Map.of("bootstrap.servers", cluster.bootstrapServers());
  }

  private KafkaRegistryConfig config(boolean create) {
    return new KafkaRegistryConfig(clientProperties(), packages, events, CHUNK, create, (short) 1);
  }

  @Override
  ModelRegistry openRegistry() {
    return KafkaRegistry.open(config(true));
  }

  /** Rewrites the middle chunk of the model file with other bytes, as a rogue writer could. */
  @Override
  void corruptStoredModel(String version) throws Exception {
    Map<String, byte[]> live = read(packages);
    String key = KafkaRegistry.chunkKey(version, "model.onnx", 2);
    byte[] chunk = live.get(key).clone();
    chunk[0] ^= 0x55;
    try (KafkaProducer<byte[], byte[]> p = SingleNodeKafka.producer(cluster)) {
      p.send(new ProducerRecord<>(packages, key.getBytes(StandardCharsets.UTF_8), chunk)).get();
    }
  }

  /** The latest value of every key of {@code topic}, a null value for a tombstone. */
  private static Map<String, byte[]> read(String topic) {
    Map<String, byte[]> latest = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> c = SingleNodeKafka.readCommittedConsumer(cluster)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      while (c.position(tp) < end) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          latest.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
        }
      }
    }
    return latest;
  }

  @Test
  void shouldCutAPackageIntoChunksUnderTheLimitAndTombstoneThemOnRetire() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      var source = publishable("v1", LARGE_MODEL_PADDING);
      r.publish(source, change("large"));
      r.publish(publishable("v2", 0), change("small"));
      long size = Files.size(source.resolve("model.onnx"));
      Map<String, byte[]> live = read(packages);
      List<String> chunks =
          live.keySet().stream().filter(k -> k.startsWith("v1/model.onnx/")).sorted().toList();
      assertEquals((size + CHUNK - 1) / CHUNK, chunks.size(), "chunks of " + size + " bytes");
      assertTrue(chunks.size() >= 5, chunks.toString());
      live.forEach(
          (k, v) -> assertTrue(!k.contains("/") || v.length <= CHUNK, k + ": " + v.length));
      assertTrue(live.containsKey("v1"), "the index record");

      r.promote("v2", change("serve v2"));
      r.retire("v1", change("superseded"));
      Map<String, byte[]> after = read(packages);
      List<String> v1Keys =
          after.keySet().stream().filter(k -> k.equals("v1") || k.startsWith("v1/")).toList();
      assertTrue(v1Keys.size() > chunks.size(), v1Keys.toString());
      for (String k : v1Keys) {
        assertEquals(null, after.get(k), "tombstone for " + k);
      }
      assertTrue(after.get("v2") != null, "v2 keeps its package");
    }
  }

  @Test
  void shouldWriteEventsAnotherClientCanRead() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      r.publish(publishable("v1", 0), change("one"));
      r.promote("v1", change("serve it"));
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = SingleNodeKafka.readCommittedConsumer(cluster)) {
      c.subscribe(List.of(events));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (read.size() < 2 && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(200))) {
          JsonNode e = json.readTree(rec.value());
          assertEquals(e.get("id").asText(), new String(rec.key(), StandardCharsets.UTF_8));
          read.add(e);
        }
      }
    }
    assertEquals(2, read.size());
    assertEquals("PUBLISHED", read.get(0).get("type").asText());
    assertEquals(64, read.get(0).get("sha256").asText().length());
    JsonNode promoted = read.get(1);
    assertEquals("PROMOTED", promoted.get("type").asText());
    assertEquals("v1", promoted.get("version").asText());
    assertEquals("serve it", promoted.get("reason").asText());
    assertEquals("tester@ci", promoted.get("actor").asText());
    assertEquals(0.5, promoted.get("metrics").get("test.sentence_accuracy").asDouble());
  }

  @Test
  void shouldRefuseMissingTopicsWhenNotAskedToCreateThem() {
    RegistryException e =
        assertThrows(RegistryException.class, () -> KafkaRegistry.open(config(false)));
    assertEquals(Reason.STORE, e.reason());
    assertTrue(e.getMessage().contains("'" + packages + "' does not exist"), e.getMessage());
  }

  @Test
  void shouldRefuseAnEventsTopicWithSeveralPartitions() throws Exception {
    create(new NewTopic(events, 3, (short) 1).configs(compacted()));
    RegistryException e =
        assertThrows(RegistryException.class, () -> KafkaRegistry.open(config(true)));
    assertTrue(e.getMessage().contains("has 3 partitions; it needs exactly 1"), e.getMessage());
  }

  @Test
  void shouldRefuseATopicThatRetentionWouldEmpty() throws Exception {
    create(new NewTopic(packages, 1, (short) 1));
    RegistryException e =
        assertThrows(RegistryException.class, () -> KafkaRegistry.open(config(true)));
    assertTrue(
        e.getMessage().contains("cleanup.policy=delete; it must be compact alone"), e.getMessage());
  }

  @Test
  void shouldRefuseATopicThatIsCompactedAndDeleted() throws Exception {
    create(
        new NewTopic(events, 1, (short) 1)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete")));
    RegistryException e =
        assertThrows(RegistryException.class, () -> KafkaRegistry.open(config(true)));
    assertTrue(e.getMessage().contains("cleanup.policy=compact,delete"), e.getMessage());
  }

  private static Map<String, String> compacted() {
    return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
  }

  private static void create(NewTopic topic) throws Exception {
    try (Admin admin = Admin.create(clientProperties())) {
      admin.createTopics(List.of(topic)).all().get();
    }
  }
}
