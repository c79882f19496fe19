package io.actionstream.trainer.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.GeneratedClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.dataset.Splits;
import io.actionstream.core.registry.Change;
import io.actionstream.core.registry.KafkaRegistry;
import io.actionstream.core.registry.KafkaRegistryConfig;
import io.actionstream.core.registry.ModelRegistry;
import io.actionstream.core.registry.ModelVersion;
import io.actionstream.core.registry.RegistryEvent;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.testkit.SingleNodeKafka;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.LabelCodec;
import io.actionstream.core.wire.LabelReference;
import io.actionstream.core.wire.WireHeaders;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.export.ModelPackageExporter;
import io.actionstream.trainer.run.TrainingRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining loop on a real broker with a tiny model: v1 is trained on a compositional split
 * that never shows some colour×shape pairs; labelled clips of exactly those pairs arrive on the
 * labels topic; the job fine-tunes, the candidate is better on them and no worse elsewhere within
 * the tolerance, and is promoted. A run that fails before its outcome leaves the labels for the
 * next; a candidate the gate rejects is published, marked rejected, and never serves.
 */
@Tag("integration")
class RetrainJobTest {
  private static final String SPLIT = "comp-colour-shape-easy";
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static KafkaClusterTestKit cluster;

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.NEVER)
  static Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    cluster = SingleNodeKafka.start();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(new NewTopic("labels", 1, (short) 1), new NewTopic("dlq", 1, (short) 1)))
          .all()
          .get();
    }
  }

  @AfterAll
  static void stopBroker() throws Exception {
    cluster.close();
  }

  private static Map<String, String> tiny() {
    Map<String, String> o = new HashMap<>();
    o.put("model.frames", "4");
    o.put("model.height", "32");
    o.put("model.width", "32");
    o.put("model.stem_channels", "[8]");
    o.put("model.hidden_channels", "[16]");
    o.put("model.head_hidden", "32");
    o.put("data.synthetic.clips", "600");
    o.put("data.split", SPLIT);
    o.put("training.batch_size", "16");
    o.put("training.learning_rate", "0.003");
    o.put("training.normalisation_clips", "16");
    return o;
  }

  private static KafkaRegistryConfig registryConfig() {
    return new KafkaRegistryConfig(
        Map.of("bootstrap.servers", cluster.bootstrapServers()),
        KafkaRegistryConfig.DEFAULT_PACKAGES_TOPIC,
        KafkaRegistryConfig.DEFAULT_EVENTS_TOPIC,
        KafkaRegistryConfig.DEFAULT_CHUNK_BYTES,
        true,
        (short) 1);
  }

  private RetrainOptions options(String work, Gate gate) {
    Map<String, String> o = tiny();
    o.put("training.epochs", "12");
    TrainConfig config = TrainConfigLoader.load(null, o);
    return new RetrainOptions(
        Map.of("bootstrap.servers", cluster.bootstrapServers()),
        registryConfig(),
        "labels",
        "dlq",
        "retrain",
        config,
        1.0,
        0.25,
        8,
        10_000,
        100,
        gate,
        dir.resolve(work),
        null,
        "retrain-test",
        false);
  }

  /**
   * Sends {@code n} labelled clips of colour×shape pairs v1 never saw, two bad labelled clips and a
   * label reference (the service's to resolve: the job skips it).
   */
  private static void sendLabels(long seed, int n) throws Exception {
    GeneratorConfig gen = GeneratorConfig.builder().frames(4).size(32, 32).seed(seed).build();
    LabelCodec codec = new LabelCodec(new ClipCodec());
    try (GeneratedClipSource source =
            new GeneratedClipSource(gen, Splits.find(Splits.standard(SCHEMA, 42), SPLIT), 20 * n);
        Stream<LabelledClip> heldOut = source.stream(Partition.TEST_COMP);
        KafkaProducer<byte[], byte[]> producer = SingleNodeKafka.producer(cluster)) {
      for (LabelledClip label : heldOut.limit(n).toList()) {
        RecordHeaders h = new RecordHeaders();
        codec.writeHeaders(label, h);
        producer.send(
            new ProducerRecord<>("labels", null, utf8("cam-1"), codec.encodeValue(label), h));
      }
      RecordHeaders unknownWord = new RecordHeaders();
      unknownWord.add(WireHeaders.VERSION, utf8("1"));
      unknownWord.add(WireHeaders.LABEL_SENTENCE, utf8("small crimson star jumps"));
      producer.send(
          new ProducerRecord<>("labels", null, utf8("cam-1"), new byte[] {1}, unknownWord));
      LabelledClip any = source.stream(Partition.TRAIN).findFirst().orElseThrow();
      producer.send(
          new ProducerRecord<>(
              "labels", null, utf8("cam-1"), codec.encodeValue(any), new RecordHeaders()));
      producer.send(
          new ProducerRecord<>(
              "labels",
              null,
              utf8("cam-1"),
              WireSerdes.labelReference()
                  .write(LabelReference.of("r", "cam-1", 0, 3, any.sentence().text(), 1)),
              new RecordHeaders()));
      producer.flush();
    }
  }

  /** The first {@code n} dead letters' infos. */
  private static List<DeadLetterInfo> deadLetters(int n) {
    List<DeadLetterInfo> infos = new java.util.ArrayList<>();
    try (var c = SingleNodeKafka.readCommittedConsumer(cluster)) {
      c.subscribe(List.of("dlq"));
      long end = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
      while (infos.size() < n && System.nanoTime() < end) {
        c.poll(java.time.Duration.ofMillis(200))
            .forEach(r -> infos.add(DeadLetters.read(r.headers())));
      }
    }
    return infos.subList(0, Math.min(n, infos.size()));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldImproveOnNewlyLabelledCombinationsPromoteAndRejectWhatTheGateRefuses()
      throws Exception {
    // v1: trained without the held-out colour×shape pairs, published with its trainer state
    Map<String, String> o = tiny();
    o.put("training.epochs", "15");
    o.put("output.dir", dir.resolve("v1-run").toString());
    new TrainingRun(TrainConfigLoader.load(null, o), false).run(false);
    Path v1 =
        new ModelPackageExporter(Clock.systemUTC())
            .export(dir.resolve("v1-run"), dir.resolve("v1"), null, "v1")
            .directory();
    assertTrue(Files.exists(v1.resolve(ModelPackageExporter.TRAINER_PARAMETERS_FILE)));
    try (ModelRegistry registry = KafkaRegistry.open(registryConfig())) {
      registry.publish(v1, Change.because("first model"));
      registry.promote("v1", Change.because("first model"));
    }
    sendLabels(7, 96);

    // a run that fails before its outcome (a target nobody measures) commits nothing
    assertThrows(
        IllegalArgumentException.class,
        () -> new RetrainJob(options("failed", new Gate("labels.nope_accuracy", 0, 0.1))).run());

    RetrainReport promoted =
        new RetrainJob(options("run-1", new Gate("labels.mean_slot_accuracy", 0, 0.1))).run();
    assertEquals(RetrainJob.Outcome.PROMOTED, promoted.outcome(), promoted.markdown());
    assertEquals(
        72, promoted.labels(), "the failed run left all 96 labels: 72 train, 24 held back");
    assertEquals(24, promoted.heldBack());
    assertEquals(
        Map.of("MISSING_HEADER", 1, "UNKNOWN_WORD", 1, LabelReader.REFERENCE, 1),
        promoted.skipped());
    assertEquals(72, promoted.replay());
    // measured on this machine (the connected splits of issue 20, 12 retraining epochs): mean slot
    // 0.57 -> 0.66 on the held-back labels
    double before = promoted.before().get("labels.mean_slot_accuracy");
    double after = promoted.after().get("labels.mean_slot_accuracy");
    assertTrue(after >= before + 0.05, "held-back labels: " + before + " -> " + after);
    assertTrue(
        promoted.after().get("labels.shape_accuracy")
            > promoted.before().get("labels.shape_accuracy"),
        "shape of the new combinations");
    for (String m : List.of("test.mean_slot_accuracy", "test_comp.mean_slot_accuracy")) {
      assertTrue(
          promoted.after().get(m) >= promoted.before().get(m) - 0.1,
          m + ": " + promoted.before().get(m) + " -> " + promoted.after().get(m));
    }
    Path run1 = dir.resolve("run-1");
    assertTrue(Files.exists(run1.resolve(RetrainReport.MARKDOWN_FILE)));
    String markdown = Files.readString(run1.resolve(RetrainReport.MARKDOWN_FILE));
    for (String png :
        List.of(RetrainReport.METRICS_PLOT, "candidate/loss.png", "candidate/accuracy.png")) {
      assertTrue(markdown.contains("](" + png + ")"), png + " linked from the report");
      assertTrue(
          javax.imageio.ImageIO.read(run1.resolve(png).toFile()).getWidth() > 0, png + " is a PNG");
    }
    List<DeadLetterInfo> dead = deadLetters(2);
    assertEquals(
        List.of("UNKNOWN_WORD", "MISSING_HEADER"),
        dead.stream().map(DeadLetterInfo::error).toList());
    assertEquals("labels", dead.get(0).sourceTopic());
    assertTrue(dead.get(0).reason().contains("'crimson'"), dead.get(0).reason());
    String v2 = promoted.candidate();
    try (ModelRegistry registry = KafkaRegistry.open(registryConfig())) {
      assertEquals(java.util.Optional.of(v2), registry.state().serving());
      RegistryEvent last = registry.state().events().get(registry.state().events().size() - 1);
      assertEquals(RegistryEvent.Type.PROMOTED, last.type());
      assertEquals("retrain-test", last.actor());
      assertTrue(last.reason().startsWith("gate passed: "), last.reason());
      assertEquals(72.0, last.metrics().get("retrain.labels"));
    }

    // the labels are used: nothing new to train on
    RetrainReport idle =
        new RetrainJob(options("run-2", new Gate("labels.mean_slot_accuracy", 0, 0.1))).run();
    assertEquals(RetrainJob.Outcome.NOT_ENOUGH_LABELS, idle.outcome());

    // a run that stopped between publishing and deciding left an undecided candidate
    Path orphan =
        new ModelPackageExporter(Clock.systemUTC())
            .export(dir.resolve("v1-run"), dir.resolve("orphan"), null, "orphan")
            .directory();
    try (ModelRegistry registry = KafkaRegistry.open(registryConfig())) {
      registry.publish(
          orphan, new Change("retrain-test", "retrained", Map.of(RetrainJob.LABELS_METRIC, 9.0)));
    }

    // a gate no candidate can pass: published, rejected, never serving
    sendLabels(8, 16);
    RetrainReport rejected =
        new RetrainJob(options("run-3", new Gate("labels.mean_slot_accuracy", 1.0, 0.1))).run();
    assertEquals(RetrainJob.Outcome.REJECTED, rejected.outcome());
    try (ModelRegistry registry = KafkaRegistry.open(registryConfig())) {
      assertEquals(java.util.Optional.of(v2), registry.state().serving());
      ModelVersion v3 = registry.state().require(rejected.candidate());
      assertEquals(ModelVersion.Status.REJECTED, v3.status());
      RegistryEvent last = registry.state().events().get(registry.state().events().size() - 1);
      assertTrue(last.reason().startsWith("gate failed: labels.mean_slot_accuracy"), last.reason());
      assertEquals(ModelVersion.Status.REJECTED, registry.state().require("orphan").status());
      assertEquals(
          ModelVersion.Status.AVAILABLE,
          registry.state().require("v1").status(),
          "a version that served is no orphan");
      RegistryEvent decided = registry.state().events("orphan").get(1);
      assertTrue(decided.reason().startsWith("undecided: the run"), decided.reason());
    }
  }
}
