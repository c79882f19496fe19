package io.actionstream.streams.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.testkit.SingleNodeKafka;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.AnswerStatus;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.LabelCodec;
import io.actionstream.core.wire.LabelReference;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.Query;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.app.ActionStreamApp;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.inference.FakePredictor;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.topology.CoPartitioning;
import io.actionstream.streams.topology.TestFrames;
import io.actionstream.streams.topology.Topics;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real topology against a real in-process KRaft broker ({@link KafkaClusterTestKit}, one
 * combined broker+controller on free ports) with exactly-once v2 and the fake predictor.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaTopologyTest {
  private static final int T = 4;
  // Streams members do not leave the group on a plain close(); the restarted instance would wait
  // for the session timeout before getting the partitions (ActionStreamApp's clients make a close
  // with leaveGroup(true) leave; assertGroupLeft checks it).
  private static final KafkaStreams.CloseOptions LEAVE_GROUP =
      new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(20));
  private static final int PARTITIONS = 2;
  private static KafkaClusterTestKit cluster;

  @TempDir static Path stateDir;

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

  private static Properties client() {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    return p;
  }

  @Test
  void shouldPredictEveryGoodClipExactlyOnceAcrossARestartAndDeadLetterTheCorruptFrame()
      throws Exception {
    StreamProcessorsConfig config =
        new StreamProcessorsConfig(
            Map.of(
                StreamProcessorsConfig.CLIP_FRAMES_CONFIG,
                T,
                StreamProcessorsConfig.CLIP_STRIDE_CONFIG,
                2));
    Topics topics = Topics.of(config);
    try (Admin admin = Admin.create(client())) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String name : topics.names()) {
        newTopics.add(new NewTopic(name, PARTITIONS, (short) 1));
      }
      admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
      // Kafka Streams does not check co-partitioning of Processor-API sources: CoPartitioning does.
      admin
          .createTopics(List.of(new NewTopic("queries-3p", PARTITIONS + 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      List<String> all = new ArrayList<>(topics.names());
      all.add("queries-3p");
      awaitDescribable(admin, all);
      IllegalStateException mismatch =
          assertThrows(
              IllegalStateException.class,
              () -> CoPartitioning.verify(admin, List.of(topics.frames().name(), "queries-3p")));
      assertTrue(mismatch.getMessage().endsWith("queries-3p=3"), mismatch.getMessage());
    }

    byte[] corrupt = new byte[7];
    FakePredictor predictor = new FakePredictor(T, TestFrames.SIZE, TestFrames.SIZE);
    String applicationId = "it-" + UUID.randomUUID();
    // cam-a: clips at 0, 2, 4, 6; cam-b: clips at 0, 2
    Set<String> expected = new TreeSet<>(List.of("cam-a@0", "cam-a@2", "cam-a@4", "cam-a@6"));
    expected.addAll(List.of("cam-b@0", "cam-b@2"));
    List<String> predicted = new ArrayList<>();
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();

    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
        KafkaConsumer<byte[], byte[]> consumer = SingleNodeKafka.readCommittedConsumer(cluster)) {
      consumer.subscribe(List.of(topics.predictions().name(), topics.deadLetters().name()));
      Predicate<ConsumerRecord<byte[], byte[]>> collect =
          r -> {
            if (r.topic().equals(topics.predictions().name())) {
              Prediction p = WireSerdes.prediction().read(r.value());
              predicted.add(p.streamId() + "@" + p.firstFrame());
            } else {
              dead.add(r);
            }
            return false;
          };

      // Phase 1: cam-a frames 0..4 with a corrupt frame, cam-b frames 0..2 (no clip yet).
      for (long i = 0; i < 5; i++) {
        sendFrame(producer, topics, "cam-a", i, TestFrames.rgb(i, TestFrames.SIZE));
        if (i < 3) {
          sendFrame(producer, topics, "cam-b", i, TestFrames.rgb(i, TestFrames.SIZE));
        }
        if (i == 2) {
          sendFrame(producer, topics, "cam-a", 77, corrupt);
        }
      }
      producer.flush();
      try (KafkaStreams streams = startStreams(config, predictor, applicationId)) {
        pollUntil(
            consumer,
            Duration.ofSeconds(60),
            collect.or(r -> !dead.isEmpty() && predicted.size() >= 1));
        assertChangelogsAllowLargeValues(applicationId);
        assertClientNamingTheAppReliesOn(streams);
        streams.close(LEAVE_GROUP);
        assertEquals(KafkaStreams.State.NOT_RUNNING, streams.state());
      }
      assertGroupLeft(applicationId);
      assertEquals(List.of("cam-a@0"), predicted);

      // Phase 2: a new instance with an empty state directory restores the windows from their
      // changelogs; cam-b's frames 0..2 must still be there when frame 3 arrives.
      for (long i = 5; i < 10; i++) {
        sendFrame(producer, topics, "cam-a", i, TestFrames.rgb(i, TestFrames.SIZE));
      }
      for (long i = 3; i < 6; i++) {
        sendFrame(producer, topics, "cam-b", i, TestFrames.rgb(i, TestFrames.SIZE));
      }
      producer.flush();
      try (KafkaStreams streams = startStreams(config, predictor, applicationId)) {
        pollUntil(
            consumer, Duration.ofSeconds(60), collect.or(r -> predicted.size() >= expected.size()));
        // a little longer: no duplicate may follow
        pollUntil(consumer, Duration.ofSeconds(2), collect);
        assertEquals(expected, new TreeSet<>(predicted), "predicted clips");
        assertEquals(expected.size(), predicted.size(), "one prediction per clip: " + predicted);
        assertEquals(1, dead.size());
        DeadLetterInfo info = DeadLetters.read(dead.get(0).headers());
        assertEquals("SIZE_MISMATCH", info.error());
        assertEquals(topics.frames().name(), info.sourceTopic());
        assertArrayEquals(corrupt, dead.get(0).value());
        assertArrayEquals(utf8("cam-a"), dead.get(0).key());

        // a masked query on the running instance
        consumer.unsubscribe();
        consumer.subscribe(List.of(topics.answers().name()));
        producer.send(
            new ProducerRecord<>(
                topics.queries().name(),
                utf8("cam-b"),
                WireSerdes.query().write(Query.of("q-1", "cam-b", List.of("shape"), 1))));
        producer.flush();
        List<Answer> answers = new ArrayList<>();
        pollUntil(
            consumer,
            Duration.ofSeconds(30),
            r -> answers.add(WireSerdes.answer().read(r.value())));
        assertEquals(1, answers.size());
        assertEquals(AnswerStatus.OK, answers.get(0).status());
        assertEquals(2, answers.get(0).clip().firstFrame());
        assertEquals("shape", answers.get(0).answers().get(0).slot());

        assertLabelReferencesResolvedFromWhatThisInstanceHolds(producer, consumer, topics);
        streams.close(LEAVE_GROUP);
        assertEquals(KafkaStreams.State.NOT_RUNNING, streams.state());
      }
    }
  }

  /**
   * A reference to frames this instance received (cam-a 6..9) comes back on the labels topic as the
   * clip the model saw; one to frames received before the restart (the history has no changelog,
   * and this instance started with an empty state directory) is dead-lettered.
   */
  private static void assertLabelReferencesResolvedFromWhatThisInstanceHolds(
      KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> consumer,
      Topics topics) {
    String labels = topics.labels().orElseThrow().name();
    String sentence =
        PropertySchema.defaultSchema().slots().stream()
            .map(slot -> slot.word(0))
            .collect(java.util.stream.Collectors.joining(" "));
    for (long first : new long[] {6, 0}) {
      producer.send(
          new ProducerRecord<>(
              labels,
              utf8("cam-a"),
              WireSerdes.labelReference()
                  .write(
                      LabelReference.of("l" + first, "cam-a", first, first + T - 1, sentence, 1))));
    }
    producer.flush();
    consumer.unsubscribe();
    consumer.subscribe(List.of(labels, topics.deadLetters().name()));
    LabelCodec codec = new LabelCodec(new ClipCodec());
    List<LabelledClip> resolved = new ArrayList<>();
    List<DeadLetterInfo> refused = new ArrayList<>();
    pollUntil(
        consumer,
        Duration.ofSeconds(30),
        r -> {
          if (r.topic().equals(labels) && !LabelCodec.isReference(r.headers(), r.value())) {
            resolved.add(
                codec.decode(r.key(), r.headers(), r.value(), PropertySchema.defaultSchema()));
          } else if (r.topic().equals(topics.deadLetters().name())
              && DeadLetters.read(r.headers()).sourceTopic().equals(labels)) {
            refused.add(DeadLetters.read(r.headers()));
          }
          return resolved.size() + refused.size() >= 2;
        });
    assertEquals(1, resolved.size(), "resolved labels");
    assertEquals(TestFrames.clip(6, T, TestFrames.SIZE), resolved.get(0).clip());
    assertEquals(sentence, resolved.get(0).sentence().text());
    assertEquals(1, refused.size(), "refused references");
    assertEquals("FRAMES_NOT_HELD", refused.get(0).error());
    assertTrue(refused.get(0).reason().contains("frames 5..9 are held"), refused.get(0).reason());
  }

  private static KafkaStreams startStreams(
      StreamProcessorsConfig config, FakePredictor predictor, String applicationId)
      throws Exception {
    Properties props = client();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(stateDir, "s").toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // if the closed instance's member lingers in the group, a restart waits this long for it
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    config.applyTo(props);
    try (Admin admin = Admin.create(client())) {
      CoPartitioning.verify(admin, Topics.of(config));
    }
    ActionStreamApp app = ActionStreamApp.of(config, predictor, TopologyListener.NONE);
    clients = new RecordingClientSupplier(app.clientSupplier());
    KafkaStreams streams = new KafkaStreams(app.topology(), props, clients);
    streams.start();
    return streams;
  }

  /** The clients of the latest {@link #startStreams}, with the configs Kafka Streams gave them. */
  private static RecordingClientSupplier clients;

  /**
   * The commit hooks find a stream thread's clients by their client ids, {@code <thread
   * name>-producer} and {@code <thread name>-consumer}, and the leave-group fix sets Kafka's
   * internal {@code internal.leave.group.on.close}: a Kafka upgrade that changes either must fail
   * here, loudly, rather than in production.
   */
  private static void assertClientNamingTheAppReliesOn(KafkaStreams streams) throws Exception {
    Set<String> threads = new TreeSet<>();
    streams.metadataForLocalThreads().forEach(t -> threads.add(t.threadName()));
    Set<String> producers = new TreeSet<>();
    clients.producers.forEach(c -> producers.add((String) c.get(ProducerConfig.CLIENT_ID_CONFIG)));
    Set<String> consumers = new TreeSet<>();
    clients.consumers.forEach(c -> consumers.add((String) c.get(ConsumerConfig.CLIENT_ID_CONFIG)));
    Set<String> expectedProducers = new TreeSet<>();
    Set<String> expectedConsumers = new TreeSet<>();
    for (String thread : threads) {
      expectedProducers.add(thread + "-producer");
      expectedConsumers.add(thread + "-consumer");
    }
    assertEquals(expectedProducers, producers, "producer client ids (exactly-once v2)");
    assertEquals(expectedConsumers, consumers, "main consumer client ids");
    Field key = ConsumerConfig.class.getDeclaredField("LEAVE_GROUP_ON_CLOSE_CONFIG");
    key.setAccessible(true);
    assertEquals("internal.leave.group.on.close", key.get(null), "Kafka's leave-group key");
  }

  /** After a close that leaves the group, no member of {@code applicationId} may linger. */
  private static void assertGroupLeft(String applicationId) throws Exception {
    try (Admin admin = Admin.create(client())) {
      var group =
          admin
              .describeConsumerGroups(List.of(applicationId))
              .describedGroups()
              .get(applicationId)
              .get(30, TimeUnit.SECONDS);
      assertEquals(List.of(), List.copyOf(group.members()), "members after close");
    }
  }

  /** Delegates every client and records the configs of producers and main consumers. */
  private static final class RecordingClientSupplier implements KafkaClientSupplier {
    final List<Map<String, Object>> producers = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Map<String, Object>> consumers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final KafkaClientSupplier delegate;

    RecordingClientSupplier(KafkaClientSupplier delegate) {
      this.delegate = delegate;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
      return delegate.getAdmin(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
      producers.add(new java.util.HashMap<>(config));
      return delegate.getProducer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
      consumers.add(new java.util.HashMap<>(config));
      return delegate.getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
      return delegate.getRestoreConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
      return delegate.getGlobalConsumer(config);
    }
  }

  /** Waits until a freshly created topic's metadata has reached the broker. */
  private static void awaitDescribable(Admin admin, List<String> names) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** The changelogs were created with max.message.bytes sized for their largest values. */
  private static void assertChangelogsAllowLargeValues(String applicationId) throws Exception {
    try (Admin admin = Admin.create(client())) {
      // a whole clip (latest-clips) and one frame of the largest clip (clip-frames, T = 4 here)
      Map<String, Long> least =
          Map.of("latest-clips", 16L * 1024 * 1024, "clip-frames", 4L * 1024 * 1024 - 64);
      for (Map.Entry<String, Long> store : least.entrySet()) {
        ConfigResource topic =
            new ConfigResource(
                ConfigResource.Type.TOPIC, applicationId + "-" + store.getKey() + "-changelog");
        String value =
            admin
                .describeConfigs(List.of(topic))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                .value();
        assertTrue(Long.parseLong(value) > store.getValue(), store.getKey() + ": " + value);
      }
    }
  }

  private static void sendFrame(
      KafkaProducer<byte[], byte[]> producer, Topics topics, String stream, long index, byte[] v) {
    Headers h = TestFrames.headers(index, TestFrames.SIZE);
    producer.send(new ProducerRecord<>(topics.frames().name(), null, utf8(stream), v, h));
  }

  private static Properties producerProps() {
    Properties p = client();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return p;
  }

  /** Polls until {@code done} says so for a record, or the time is up (then returns). */
  private static void pollUntil(
      KafkaConsumer<byte[], byte[]> consumer,
      Duration limit,
      Predicate<ConsumerRecord<byte[], byte[]>> done) {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (done.test(r)) {
          return;
        }
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
