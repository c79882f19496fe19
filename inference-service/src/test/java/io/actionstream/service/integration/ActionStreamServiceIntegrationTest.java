package io.actionstream.service.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.actionstream.core.clip.Clip;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.registry.Change;
import io.actionstream.core.registry.KafkaRegistry;
import io.actionstream.core.registry.KafkaRegistryConfig;
import io.actionstream.core.registry.ModelRegistry;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.testkit.SingleNodeKafka;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.AnswerStatus;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.Query;
import io.actionstream.core.wire.SlotWord;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.service.ActionStreamService;
import io.actionstream.service.ServiceCli;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.service.http.HttpEndpoints;
import io.actionstream.service.predict.OnnxRuntimePredictor;
import io.actionstream.service.predict.PredictorOptions;
import io.actionstream.service.predict.PredictorOptions.ExecutionProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The whole service against a real in-process KRaft broker ({@link KafkaClusterTestKit}): the tiny
 * model on CPU, topics created by the service, exactly-once v2, HTTP on a free port.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ActionStreamServiceIntegrationTest {
  private static final Path TINY = Path.of("src/test/resources/models/tiny");
  private static final int T = 4;
  private static final int SIZE = 32;
  private static final int FRAMES = 2 * T; // per stream: clips at 0 and T (stride T)
  private static final long T0 = 1_764_150_000_000L;
  private static final long SHUTDOWN_MS = 20_000;

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

  /** Topic names of one test run: each run has its own topics on the shared broker. */
  private String suffix = "";

  private String topic(String name) {
    return name + suffix;
  }

  private ServiceConfig config(int maxBatchSize) {
    return config(maxBatchSize, "-b" + maxBatchSize);
  }

  private ServiceConfig config(int maxBatchSize, String runSuffix) {
    suffix = runSuffix;
    Map<String, String> s = new HashMap<>();
    for (String name : List.of("frames", "clips", "predictions", "queries", "answers", "dlq")) {
      s.put("topic." + name, topic(name));
    }
    s.put("inference.max.batch.size", Integer.toString(maxBatchSize));
    s.put("inference.max.wait.ms", "50");
    s.put("model.path", TINY.toString());
    s.put("predictor.execution.provider", "cpu");
    s.put("predictor.intra.op.threads", "1");
    s.put("application.id", "service-it-" + UUID.randomUUID());
    s.put("bootstrap.servers", cluster.bootstrapServers());
    s.put("http.host", "127.0.0.1");
    s.put("http.port", "0");
    s.put("shutdown.timeout.ms", Long.toString(SHUTDOWN_MS));
    s.put("topics.create", "true");
    s.put("topics.partitions", "2");
    s.put("clip.frames", Integer.toString(T));
    s.put("clip.stride", Integer.toString(T));
    s.put("num.stream.threads", "1");
    s.put("state.dir", stateDir.toString());
    s.put("commit.interval.ms", "100");
    s.put("consumer.session.timeout.ms", "6000");
    s.put("consumer.heartbeat.interval.ms", "1000");
    return new ServiceConfig(s);
  }

  @ParameterizedTest(name = "inference.max.batch.size={0}")
  @ValueSource(ints = {1, 4})
  void shouldServePredictionsAnswersDeadLettersHealthAndMetricsThenStop(int maxBatchSize)
      throws Exception {
    ServiceConfig config = config(maxBatchSize);
    Map<String, Clip> streams = new TreeMap<>();
    try (OnnxRuntimePredictor direct =
        OnnxRuntimePredictor.open(
            TINY,
            PredictorOptions.defaults()
                .withExecutionProvider(ExecutionProvider.CPU)
                .withIntraOpThreads(1))) {
      ActionClipGenerator generator =
          new ActionClipGenerator(
              GeneratorConfig.builder().frames(FRAMES).size(SIZE, SIZE).seed(11).build(),
              direct.schema());
      streams.put("cam-a", generator.generate(1).clip());
      streams.put("cam-b", generator.generate(2).clip());
      // what the predictor says directly about every complete clip, and about cam-b's colour
      Map<String, String> expected = new TreeMap<>();
      for (var e : streams.entrySet()) {
        for (int first = 0; first + T <= FRAMES; first += T) {
          Clip clip = subClip(e.getValue(), first);
          List<SlotWord> words =
              direct
                  .predict(List.of(clip), List.of(direct.schema().allSlots()))
                  .scores()
                  .get(0)
                  .words(direct.schema());
          expected.put(
              e.getKey() + "@" + first,
              words.stream().map(SlotWord::word).collect(Collectors.joining(" ")));
        }
      }
      Query query = Query.of("q-1", "cam-b", List.of("colour"), T0);
      SlotMask colour = query.validate(direct.schema());
      String expectedColour =
          direct
              .predict(List.of(subClip(streams.get("cam-b"), T)), List.of(colour))
              .scores()
              .get(0)
              .words(direct.schema(), List.of("colour"))
              .get(0)
              .word();

      long started = System.nanoTime();
      ActionStreamService service = ActionStreamService.start(config);
      try {
        assertEquals("tiny-1", service.modelVersion());
        assertTrue(service.awaitReady(Duration.ofSeconds(60)), "ready");
        HttpResponse<String> ready = get(service, HttpEndpoints.READY);
        assertEquals(200, ready.statusCode());
        assertTrue(ready.body().contains("\"streamsState\":\"RUNNING\""), ready.body());
        assertTrue(ready.body().contains("\"modelVersion\":\"tiny-1\""), ready.body());
        assertEquals(200, get(service, HttpEndpoints.LIVE).statusCode());

        byte[] corrupt = new byte[7];
        try (KafkaProducer<byte[], byte[]> producer = SingleNodeKafka.producer(cluster)) {
          for (int i = 0; i < FRAMES; i++) {
            for (var e : streams.entrySet()) {
              sendFrame(producer, e.getKey(), i, frameBytes(e.getValue(), i));
            }
            if (i == T / 2) {
              sendFrame(producer, "cam-a", 77, corrupt); // malformed: 7 bytes, not 32x32x3
            }
          }
          producer.flush();

          Map<String, String> predicted = new TreeMap<>();
          List<String> order = new ArrayList<>();
          List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
          try (KafkaConsumer<byte[], byte[]> consumer =
              SingleNodeKafka.readCommittedConsumer(cluster)) {
            consumer.subscribe(List.of(topic("predictions"), topic("dlq")));
            pollUntil(
                consumer,
                Duration.ofSeconds(60),
                r -> {
                  if (r.topic().equals(topic("predictions"))) {
                    Prediction p = WireSerdes.prediction().read(r.value());
                    order.add(p.streamId() + "@" + p.firstFrame());
                    predicted.put(p.streamId() + "@" + p.firstFrame(), p.sentence());
                    assertEquals("tiny-1", p.modelVersion());
                  } else {
                    dead.add(r);
                  }
                },
                () -> order.size() >= expected.size() && !dead.isEmpty());
            pollUntil(consumer, Duration.ofSeconds(1), r -> order.add("late " + r), () -> false);
          }
          assertEquals(expected, predicted, "one prediction per clip, as the predictor says");
          assertEquals(expected.size(), order.size(), "no duplicates: " + order);
          assertEquals(1, dead.size());
          DeadLetterInfo info = DeadLetters.read(dead.get(0).headers());
          assertEquals("SIZE_MISMATCH", info.error());
          assertFalse(info.reason().isBlank());
          assertEquals(topic("frames"), info.sourceTopic());
          assertArrayEquals(corrupt, dead.get(0).value());

          producer.send(
              new ProducerRecord<>(
                  topic("queries"), utf8("cam-b"), WireSerdes.query().write(query)));
          producer.flush();
        }
        List<Answer> answers = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
            SingleNodeKafka.readCommittedConsumer(cluster)) {
          consumer.subscribe(List.of(topic("answers")));
          pollUntil(
              consumer,
              Duration.ofSeconds(30),
              r -> answers.add(WireSerdes.answer().read(r.value())),
              () -> !answers.isEmpty());
        }
        assertEquals(1, answers.size());
        assertEquals(AnswerStatus.OK, answers.get(0).status(), answers.get(0).message());
        assertEquals("q-1", answers.get(0).queryId());
        assertEquals(expectedColour, answers.get(0).answers().get(0).word());

        String metrics = get(service, HttpEndpoints.METRICS).body();
        assertTrue(
            value(metrics, "actionstream_records_in_total\\{topic=\"" + topic("frames") + "\"\\}")
                > 0);
        assertEquals(
            1.0,
            value(
                metrics,
                "actionstream_dead_letters_total\\{error=\"SIZE_MISMATCH\",source_topic=\""
                    + topic("frames")
                    + "\"\\}"));
        double inferenceCalls =
            value(
                metrics,
                "actionstream_inference_latency_seconds_count\\{call=\"inference\",outcome=\"success\"\\}");
        // every clip went through exactly one predictor call; batching puts several in one call
        assertEquals(
            expected.size(), value(metrics, "actionstream_inference_batch_size_clips_sum"));
        if (maxBatchSize == 1) {
          assertEquals(expected.size(), inferenceCalls);
        } else {
          assertTrue(
              inferenceCalls >= 1 && inferenceCalls <= expected.size(), "calls " + inferenceCalls);
        }
        assertTrue(
            metrics.contains("actionstream_inference_latency_seconds_bucket{call=\"query\""),
            "latency histogram");
        assertTrue(metrics.contains("\nkafka_stream_"), "Kafka Streams metrics");
        assertTrue(metrics.contains("actionstream_streams_state{state=\"RUNNING\"} 1"), "state");
        assertTrue(metrics.contains("actionstream_service_ready 1"), "ready gauge");
      } finally {
        long closing = System.nanoTime();
        service.close();
        long closeMs = (System.nanoTime() - closing) / 1_000_000;
        assertTrue(closeMs < SHUTDOWN_MS + 2_000, "close took " + closeMs + " ms");
        service.close(); // idempotent
        System.out.printf(
            "service test: %d ms total, close %d ms%n",
            (System.nanoTime() - started) / 1_000_000, closeMs);
      }
      assertFalse(service.isReady());
      assertTrue(service.failure().isEmpty(), "a close is not a failure");
      IOException refused = assertThrows(IOException.class, () -> get(service, HttpEndpoints.LIVE));
      assertTrue(refused instanceof ConnectException, refused.toString());
    }
  }

  /**
   * Hot swap while frames flow: a corrupt package is refused while tiny-1 keeps serving, then
   * tiny-2 (the same graph under another version) takes over; every clip gets exactly one
   * prediction, and each stream's predictions name tiny-1 up to some clip and tiny-2 after it.
   */
  @Test
  void shouldSwapTheModelWhileFramesFlowWithExactlyOnePredictionPerClip(@TempDir Path dir)
      throws Exception {
    Path v2 = renamed(TINY, dir.resolve("tiny-2"), "tiny-2");
    Path corrupt = copyPackage(TINY, dir.resolve("corrupt"));
    byte[] model = Files.readAllBytes(corrupt.resolve("model.onnx"));
    model[model.length / 2] ^= 1;
    Files.write(corrupt.resolve("model.onnx"), model);

    ActionStreamService service = ActionStreamService.start(config(4, "-swap"));
    try (FrameFlow flow = new FrameFlow(30)) {
      assertTrue(service.awaitReady(Duration.ofSeconds(60)), "ready");
      flow.start();
      flow.awaitClips(10);

      ModelPackageException refused =
          assertThrows(ModelPackageException.class, () -> service.swapModel(corrupt));
      assertEquals(ModelPackageException.Reason.BAD_CHECKSUM, refused.reason());
      assertEquals("tiny-1", service.modelVersion());
      assertTrue(
          get(service, HttpEndpoints.READY).body().contains("\"lastModelRefusal\":"),
          "refusal in health");

      assertEquals("tiny-1", service.swapModel(v2));
      long swappedAt = System.nanoTime();
      assertEquals("tiny-2", service.modelVersion());
      flow.finish();
      flow.assertOnePredictionPerClip();
      flow.assertVersionsPerStream(List.of("tiny-1", "tiny-2"));
      String metrics = get(service, HttpEndpoints.METRICS).body();
      assertEquals(1.0, value(metrics, "actionstream_model_swaps_total\\{outcome=\"swapped\"\\}"));
      assertEquals(1.0, value(metrics, "actionstream_model_swaps_total\\{outcome=\"refused\"\\}"));
      assertTrue(metrics.contains("version=\"tiny-2\""), "model info names tiny-2");
      assertFalse(metrics.contains("version=\"tiny-1\""), "model info no longer names tiny-1");
      System.out.printf(
          "model swap: first tiny-2 prediction %d ms after swapModel returned%n",
          (flow.firstPrediction("tiny-2") - swappedAt) / 1_000_000);
    } finally {
      service.close();
    }
  }

  /**
   * {@code model.source=registry} on the Kafka registry, two instances of one application: both
   * start on the promoted tiny-1, follow a promotion of tiny-2 and a rollback to tiny-1 while
   * frames flow, and refuse a promoted package whose stored bytes were damaged and one for another
   * schema while tiny-1 keeps serving. Every clip gets exactly one prediction; each stream's
   * predictions go tiny-1, tiny-2, tiny-1, and none names tiny-2 before its promotion.
   */
  @Test
  void shouldFollowRegistryPromotionsAndRollbacksOnEveryInstance(@TempDir Path dir)
      throws Exception {
    Map<String, String> settings = new HashMap<>(config(4, "-registry").originalsStrings());
    settings.remove("model.path");
    settings.put("model.source", "registry");
    settings.put("model.registry.packages.topic", topic("model-packages"));
    settings.put("model.registry.events.topic", topic("model-events"));
    settings.put("model.registry.poll.ms", "200");
    KafkaRegistryConfig registryConfig =
        new KafkaRegistryConfig(
            Map.of("bootstrap.servers", cluster.bootstrapServers()),
            topic("model-packages"),
            topic("model-events"),
            4096,
            true,
            (short) 1);
    Change why = Change.because("integration test");
    List<ActionStreamService> services = new ArrayList<>();
    try (ModelRegistry registry = KafkaRegistry.open(registryConfig);
        FrameFlow flow = new FrameFlow(150)) {
      registry.publish(TINY, why);
      registry.publish(renamed(TINY, dir.resolve("tiny-2"), "tiny-2"), why);
      registry.publish(renamed(TINY, dir.resolve("tiny-3"), "tiny-3"), why);
      registry.publish(otherSchema(TINY, dir.resolve("tiny-other")), why);
      registry.promote("tiny-1", why);
      corruptStoredChunk(registryConfig.packagesTopic(), "tiny-3");
      for (int i = 0; i < 2; i++) {
        Map<String, String> own = new HashMap<>(settings);
        own.put("model.registry.cache.dir", dir.resolve("cache-" + i).toString());
        own.put("state.dir", dir.resolve("state-" + i).toString());
        services.add(ActionStreamService.start(new ServiceConfig(own)));
      }
      for (ActionStreamService s : services) {
        assertTrue(s.awaitReady(Duration.ofSeconds(60)), "ready");
        assertEquals("tiny-1", s.modelVersion());
      }
      flow.start();
      flow.awaitClips(10);

      assertEquals(-1, flow.firstPrediction("tiny-2"), "no tiny-2 before its promotion");
      registry.promote("tiny-2", why);
      long promotedAt = System.nanoTime();
      awaitVersion(services, "tiny-2");
      long swappedMs = (System.nanoTime() - promotedAt) / 1_000_000;
      flow.awaitRuns(List.of("tiny-1", "tiny-2"));
      registry.rollback(why);
      awaitVersion(services, "tiny-1");
      flow.awaitRuns(List.of("tiny-1", "tiny-2", "tiny-1"));

      for (String bad : List.of("tiny-3", "tiny-other")) {
        registry.promote(bad, why);
        for (ActionStreamService s : services) {
          awaitHealth(s, Pattern.compile("\"lastModelRefusal\":\"[^\"]*" + bad + ": "));
          assertEquals("tiny-1", s.modelVersion(), "tiny-1 keeps serving after " + bad);
        }
      }
      String health = get(services.get(0), HttpEndpoints.READY).body();
      assertTrue(health.contains("\"registryServing\":\"tiny-other\""), health);
      assertTrue(health.contains("\"modelSource\":\"registry\""), health);

      flow.finish();
      flow.assertOnePredictionPerClip();
      flow.assertVersionsPerStream(List.of("tiny-1", "tiny-2", "tiny-1"));
      for (ActionStreamService s : services) {
        String metrics = get(s, HttpEndpoints.METRICS).body();
        assertEquals(
            2.0, value(metrics, "actionstream_model_swaps_total\\{outcome=\"swapped\"\\}"));
        assertEquals(
            2.0, value(metrics, "actionstream_model_swaps_total\\{outcome=\"refused\"\\}"));
      }
      System.out.printf(
          "registry swap: every instance on tiny-2 %d ms after the promotion, first tiny-2"
              + " prediction after %d ms%n",
          swappedMs, (flow.firstPrediction("tiny-2") - promotedAt) / 1_000_000);
    } finally {
      services.forEach(ActionStreamService::close);
    }
  }

  /** {@code actionstream-service topics}: every topic of the service and the registry, created. */
  @Test
  void topicsCommandShouldCreateTheServicesAndTheRegistrysTopics() throws Exception {
    ServiceConfig base = config(1, "-topics-cmd");
    List<String> args = new ArrayList<>(List.of("topics"));
    base.originalsStrings().forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    args.addAll(List.of("--set", "topics.create=false", "--set", "model.source=registry"));
    args.addAll(List.of("--set", "model.registry.events.topic=" + topic("reg-events")));
    args.addAll(List.of("--set", "model.registry.packages.topic=" + topic("reg-packages")));
    args.addAll(List.of("--extra-topic", topic("labels")));
    StringWriter out = new StringWriter();
    CommandLine cl = ServiceCli.commandLine(Map.of());
    cl.setOut(new PrintWriter(out, true));
    assertEquals(0, cl.execute(args.toArray(String[]::new)), out.toString());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      Set<String> names = admin.listTopics().names().get();
      for (String t :
          List.of(
              "frames",
              "clips",
              "predictions",
              "queries",
              "answers",
              "dlq",
              "reg-events",
              "reg-packages")) {
        assertTrue(names.contains(topic(t)), topic(t) + " in " + names);
      }
      assertEquals(
          2,
          admin
              .describeTopics(List.of(topic("frames")))
              .allTopicNames()
              .get()
              .get(topic("frames"))
              .partitions()
              .size());
    }
    assertTrue(out.toString().startsWith("topics ready: " + topic("frames")), out.toString());
    assertTrue(out.toString().contains("registry ready: Kafka registry"), out.toString());
  }

  /** Fails unless the start-up of a registry-sourced service names what to do when none serves. */
  @Test
  void shouldRefuseToStartFromARegistryWithNothingPromoted(@TempDir Path dir) {
    Map<String, String> settings = new HashMap<>(config(1, "-empty-registry").originalsStrings());
    settings.remove("model.path");
    settings.put("model.source", "registry");
    settings.put("model.registry.directory", dir.toString());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ActionStreamService.start(new ServiceConfig(settings)));
    assertTrue(e.getMessage().contains("no version of directory registry"), e.getMessage());
    assertTrue(e.getMessage().contains("publish and promote one"), e.getMessage());
  }

  private static void awaitVersion(List<ActionStreamService> services, String version)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (services.stream().anyMatch(s -> !s.modelVersion().equals(version))) {
      assertTrue(System.nanoTime() < end, "every instance on " + version);
      Thread.sleep(20);
    }
  }

  private static void awaitHealth(ActionStreamService service, Pattern fragment) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String body = "";
    while (System.nanoTime() < end) {
      body = get(service, HttpEndpoints.READY).body();
      if (fragment.matcher(body).find()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(fragment + " not in " + body);
  }

  /** Flips a byte of a stored chunk of {@code version}'s model file, as a rogue writer could. */
  private static void corruptStoredChunk(String topic, String version) throws Exception {
    String key = version + "/model.onnx/000002";
    byte[] chunk = null;
    try (KafkaConsumer<byte[], byte[]> c = SingleNodeKafka.readCommittedConsumer(cluster)) {
      c.subscribe(List.of(topic));
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (chunk == null && System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
            chunk = r.value().clone();
          }
        }
      }
    }
    assertTrue(chunk != null, key);
    chunk[chunk.length / 2] ^= 1;
    try (KafkaProducer<byte[], byte[]> p = SingleNodeKafka.producer(cluster)) {
      p.send(new ProducerRecord<>(topic, utf8(key), chunk)).get();
    }
  }

  /** A copy of a package under another version. */
  private static Path renamed(Path from, Path to, String version) throws IOException {
    copyPackage(from, to);
    Path manifest = to.resolve("manifest.json");
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"tiny-1\"", "\"" + version + "\""));
    return to;
  }

  /**
   * A valid package for another schema: tiny's graph with "red" renamed "crimson" in its metadata
   * and manifest, and the checksum to match.
   */
  private static Path otherSchema(Path from, Path to) throws IOException {
    renamed(from, to, "tiny-other");
    OnnxMl.ModelProto.Builder model =
        OnnxMl.ModelProto.parseFrom(Files.readAllBytes(to.resolve("model.onnx"))).toBuilder();
    for (OnnxMl.StringStringEntryProto.Builder e : model.getMetadataPropsBuilderList()) {
      e.setValue(e.getValue().replace("red|", "crimson|"));
    }
    Files.write(to.resolve("model.onnx"), model.build().toByteArray());
    Path manifest = to.resolve("manifest.json");
    String json = Files.readString(manifest);
    String oldSha = ModelPackage.sha256(from.resolve("model.onnx"));
    Files.writeString(
        manifest,
        json.replace("\"red\"", "\"crimson\"")
            .replace(oldSha, ModelPackage.sha256(to.resolve("model.onnx"))));
    return to;
  }

  /**
   * Frames of two cameras sent at a steady ~50 frames/s each on a thread of its own, and the
   * predictions they produce, read back as a downstream {@code read_committed} consumer sees them.
   */
  private final class FrameFlow implements AutoCloseable {
    private final List<String> cams = List.of("cam-a", "cam-b");
    private final int clipsPerStream;
    private final ExecutorService sender = Executors.newSingleThreadExecutor();
    private final KafkaConsumer<byte[], byte[]> consumer =
        SingleNodeKafka.readCommittedConsumer(cluster);
    private final Map<String, List<String>> versions = new TreeMap<>();
    private final Map<String, Integer> seen = new TreeMap<>();
    private final Map<String, Long> firstAt = new HashMap<>();
    private Future<?> frames;

    FrameFlow(int clipsPerStream) {
      this.clipsPerStream = clipsPerStream;
      consumer.subscribe(List.of(topic("predictions")));
    }

    void start() {
      frames =
          sender.submit(
              () -> {
                try (KafkaProducer<byte[], byte[]> producer = SingleNodeKafka.producer(cluster)) {
                  for (int i = 0; i < clipsPerStream * T; i++) {
                    for (String cam : cams) {
                      byte[] frame = new byte[SIZE * SIZE * 3];
                      Arrays.fill(frame, (byte) (i * 7 + cam.length()));
                      sendFrame(producer, cam, i, frame);
                    }
                    producer.flush();
                    Thread.sleep(20);
                  }
                }
                return null;
              });
    }

    private void collect(ConsumerRecord<byte[], byte[]> r) {
      Prediction p = WireSerdes.prediction().read(r.value());
      versions.computeIfAbsent(p.streamId(), k -> new ArrayList<>()).add(p.modelVersion());
      seen.merge(p.streamId() + "@" + p.firstFrame(), 1, Integer::sum);
      firstAt.putIfAbsent(p.modelVersion(), System.nanoTime());
    }

    /** Distinct clips predicted so far. */
    int clips() {
      return seen.size();
    }

    void awaitClips(int n) {
      pollUntil(consumer, Duration.ofSeconds(60), this::collect, () -> seen.size() >= n);
      assertTrue(seen.size() >= n, "clips predicted: " + seen.size() + " of " + n);
    }

    /** When the first prediction naming {@code version} was read, or -1. */
    long firstPrediction(String version) {
      return firstAt.getOrDefault(version, -1L);
    }

    /** Waits for every frame to be sent and every clip predicted, then a while for duplicates. */
    void finish() throws Exception {
      awaitClips(cams.size() * clipsPerStream);
      frames.get(10, TimeUnit.SECONDS);
      pollUntil(consumer, Duration.ofSeconds(1), this::collect, () -> false);
    }

    void assertOnePredictionPerClip() {
      assertEquals(cams.size() * clipsPerStream, seen.size(), "clips predicted: " + seen.keySet());
      seen.forEach((clip, n) -> assertEquals(1, n, "predictions of " + clip));
    }

    /**
     * Each stream's predictions name {@code order}'s versions in that order, each at least once.
     */
    void assertVersionsPerStream(List<String> order) {
      for (String cam : cams) {
        assertEquals(order, runs(cam), cam + ": " + versions.get(cam));
      }
    }

    /** Waits until every stream's predictions have named {@code order}'s versions in order. */
    void awaitRuns(List<String> order) {
      pollUntil(
          consumer,
          Duration.ofSeconds(60),
          this::collect,
          () -> cams.stream().allMatch(c -> runs(c).equals(order)));
      assertVersionsPerStream(order);
    }

    /** The versions a stream's predictions named, repeats collapsed: [tiny-1, tiny-2, ...]. */
    private List<String> runs(String cam) {
      List<String> runs = new ArrayList<>();
      for (String v : versions.getOrDefault(cam, List.of())) {
        if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(v)) {
          runs.add(v);
        }
      }
      return runs;
    }

    @Override
    public void close() {
      sender.shutdownNow();
      consumer.close();
    }
  }

  private static Path copyPackage(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String file : List.of("manifest.json", "model.onnx")) {
      Files.copy(from.resolve(file), to.resolve(file));
    }
    return to;
  }

  /** Frames {@code first..first+T-1} of a stream as the assembler builds them. */
  private static Clip subClip(Clip clip, int first) {
    int bytes = clip.frameBytes();
    byte[] pixels =
        Arrays.copyOfRange(
            clip.pixels(), clip.frameOffset(first), clip.frameOffset(first) + T * bytes);
    long[] times = new long[T];
    for (int i = 0; i < T; i++) {
      times[i] = T0 + (first + i) * 40L;
    }
    return new Clip(T, SIZE, SIZE, pixels, first, times);
  }

  private static byte[] frameBytes(Clip clip, int t) {
    return clip.frame(t);
  }

  private void sendFrame(
      KafkaProducer<byte[], byte[]> producer, String stream, long index, byte[] value) {
    Headers h = new RecordHeaders();
    new FrameCodec()
        .writeHeaders(
            new FrameMetadata(index, T0 + index * 40, SIZE, SIZE, FrameEncoding.RAW_RGB8), h);
    producer.send(new ProducerRecord<>(topic("frames"), null, utf8(stream), value, h));
  }

  private static HttpResponse<String> get(ActionStreamService service, String path)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create("http://127.0.0.1:" + service.httpAddress().getPort() + path);
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The sample value of the first line of {@code text} matching {@code series}. */
  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
    assertTrue(m.find(), series + " in\n" + text);
    return Double.parseDouble(m.group(1));
  }

  /** Polls, handing each record to {@code each}, until {@code done} or the time is up. */
  private static void pollUntil(
      KafkaConsumer<byte[], byte[]> consumer,
      Duration limit,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each,
      BooleanSupplier done) {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end && !done.getAsBoolean()) {
      consumer.poll(Duration.ofMillis(200)).forEach(each);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
