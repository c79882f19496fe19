package io.actionstream.streams.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.testkit.SingleNodeKafka;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.topology.TestFrames;
import io.actionstream.streams.topology.Topics;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micro-batching survives a crash between "batch gathered" and "commit". A child JVM runs the
 * batching topology (batch size 8, commit interval 100 ms; batches run on the stream thread, or
 * pipelined on its inference thread) while pre-cut clips arrive one every {@value
 * #CLIP_INTERVAL_MS} ms or more, so commits fall while clips are pending; it halts inside its
 * {@value #HALT_ON_CALL}rd predictor call ({@link HaltingPredictor}), a full batch or a batch being
 * drained by a commit. A second instance with the same application id and state directory takes
 * over. A {@code read_committed} consumer then counts the predictions per clip: exactly one each
 * under exactly-once v2, at least one each under at-least-once.
 *
 * <p>Without the commit hooks (batches only when full), this test loses clips: offsets of pending
 * clips are committed while they wait, and the halt drops them.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BatchingCrashTest {
  private static final int PARTITIONS = 2;
  private static final int STREAMS = 4;
  private static final int CLIPS_PER_STREAM = 16;
  private static final long CLIP_INTERVAL_MS = 15;
  private static final int HALT_ON_CALL = 3;
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
  void shouldGiveEveryClipExactlyOnePredictionUnderExactlyOnceWhenKilledMidBatch()
      throws Exception {
    assertExactlyOnce(crashAndRecover("eos-", StreamsConfig.EXACTLY_ONCE_V2, 0));
  }

  @Test
  void shouldLoseNoPredictionUnderAtLeastOnceWhenKilledMidBatch() throws Exception {
    reportDuplicates(crashAndRecover("alos-", StreamsConfig.AT_LEAST_ONCE, 0));
  }

  @Test
  void shouldGiveEveryClipExactlyOnePredictionUnderExactlyOnceWhenKilledWithBatchesInFlight()
      throws Exception {
    assertExactlyOnce(crashAndRecover("eos-pipelined-", StreamsConfig.EXACTLY_ONCE_V2, 4));
  }

  @Test
  void shouldLoseNoPredictionUnderAtLeastOnceWhenKilledWithBatchesInFlight() throws Exception {
    reportDuplicates(crashAndRecover("alos-pipelined-", StreamsConfig.AT_LEAST_ONCE, 4));
  }

  private static void assertExactlyOnce(Map<String, Integer> counts) {
    Map<String, Integer> notOnce = new TreeMap<>(counts);
    notOnce.values().removeIf(n -> n == 1);
    assertEquals(Map.of(), notOnce, "clips without exactly one prediction");
  }

  private static void reportDuplicates(Map<String, Integer> counts) {
    int duplicates = counts.values().stream().mapToInt(n -> n - 1).sum();
    System.out.println("at_least_once: " + duplicates + " duplicate predictions after the crash");
  }

  /**
   * Produces the clips, runs the child (with {@code inFlight} batches pipelined) until it halts,
   * lets a second instance finish, and returns the number of committed predictions per clip;
   * asserts that every clip has at least one.
   */
  private Map<String, Integer> crashAndRecover(String prefix, String guarantee, int inFlight)
      throws Exception {
    StreamProcessorsConfig config = BatchingChild.config(prefix, guarantee, inFlight);
    Topics topics = Topics.of(config);
    createTopics(topics);
    String applicationId = prefix + UUID.randomUUID();
    Path stateDir = Files.createDirectories(dir.resolve("state"));

    Process child = startChild(applicationId, stateDir, prefix, guarantee, inFlight);
    List<String> expected;
    try {
      awaitRunning(child);
      expected = produceClips(topics);
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not halt:\n" + childLog());
    } finally {
      child.destroyForcibly().waitFor();
    }
    assertEquals(
        HaltingPredictor.HALT_STATUS,
        child.exitValue(),
        "child exit " + child.exitValue() + ":\n" + childLog());
    Files.readString(dir.resolve("child.log"))
        .lines()
        .filter(l -> l.startsWith("predictor call"))
        .forEach(System.out::println);
    String halted = Files.readString(dir.resolve(BatchingChild.HALTED_MARKER));
    assertTrue(halted.startsWith("halted on call " + HALT_ON_CALL), halted);
    if (inFlight > 0) {
      assertTrue(halted.endsWith("-inference"), "halted on the inference thread: " + halted);
    }
    System.out.println(
        guarantee
            + ": child "
            + halted
            + "; "
            + countPredictions(topics).size()
            + " clips had committed predictions");

    try (KafkaStreams streams =
        BatchingChild.create(
            config,
            BatchingChild.fakePredictor(),
            cluster.bootstrapServers(),
            applicationId,
            stateDir)) {
      streams.start();
      awaitPredictions(topics, expected.size());
      // a clean close commits whatever is still pending: nothing more may appear after it
      streams.close(
          new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(20)));
    }
    Map<String, Integer> counts = countPredictions(topics);
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(counts.keySet());
    assertEquals(List.of(), missing, "clips without a prediction");
    assertEquals(expected.size(), counts.size(), "predictions of unknown clips: " + counts);
    return counts;
  }

  /** Waits until the child's Kafka Streams is running (it writes a marker file). */
  private void awaitRunning(Process child) throws Exception {
    Path running = dir.resolve(BatchingChild.RUNNING_MARKER);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (!Files.exists(running)) {
      assertTrue(child.isAlive(), "child exited early:\n" + childLog());
      assertTrue(System.nanoTime() < deadline, "child not running after 45 s:\n" + childLog());
      Thread.sleep(100);
    }
  }

  private String childLog() throws IOException {
    return tail(Files.readString(dir.resolve("child.log")));
  }

  private void createTopics(Topics topics) throws Exception {
    try (Admin admin = Admin.create(client())) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String name : topics.names()) {
        newTopics.add(new NewTopic(name, PARTITIONS, (short) 1));
      }
      admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Pre-cut clips of four streams; returns their ids ("stream@firstFrame"). The first clip is sent
   * alone and its prediction awaited (the child is then consuming live); the others follow one
   * every {@link #CLIP_INTERVAL_MS}, so that commits fall while clips are pending.
   */
  private static List<String> produceClips(Topics topics) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    Properties p = client();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < CLIPS_PER_STREAM; i++) {
        for (int s = 0; s < STREAMS; s++) {
          String stream = "cam-" + s;
          Clip clip = TestFrames.clip(2L * i, BatchingChild.T, TestFrames.SIZE);
          producer.send(
              new ProducerRecord<>(
                  topics.clips().name(),
                  stream.getBytes(StandardCharsets.UTF_8),
                  WireSerdes.clip().serializer().serialize("", clip)));
          producer.flush();
          ids.add(stream + "@" + 2L * i);
          Thread.sleep(CLIP_INTERVAL_MS);
        }
      }
    }
    return ids;
  }

  /** Waits up to 45 s until {@code n} clips have committed predictions. */
  private static void awaitPredictions(Topics topics, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (countPredictions(topics).size() < n && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  private Process startChild(
      String applicationId, Path stateDir, String prefix, String guarantee, int inFlight)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            BatchingChild.class.getName(),
            cluster.bootstrapServers(),
            applicationId,
            stateDir.toString(),
            prefix,
            guarantee,
            Integer.toString(HALT_ON_CALL),
            dir.toString(),
            Integer.toString(inFlight));
    File log = dir.resolve("child.log").toFile();
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  /** Committed predictions per clip id, read from the start to the last stable offset. */
  private static Map<String, Integer> countPredictions(Topics topics) {
    Properties p = client();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Integer> counts = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int i = 0; i < PARTITIONS; i++) {
        partitions.add(new TopicPartition(topics.predictions().name(), i));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Prediction prediction = WireSerdes.prediction().read(r.value());
          counts.merge(prediction.streamId() + "@" + prediction.firstFrame(), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  private static Properties client() {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    return p;
  }

  private static String tail(String log) {
    return log.lines()
        .skip(Math.max(0, log.lines().count() - 40))
        .collect(Collectors.joining("\n"));
  }
}
