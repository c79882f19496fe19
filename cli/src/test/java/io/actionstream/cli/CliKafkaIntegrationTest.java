package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.cli.demo.DemoModel;
import io.actionstream.cli.demo.DemoService;
import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.cli.kafka.LocalKafka;
import io.actionstream.cli.produce.SourceFrame;
import io.actionstream.cli.produce.SyntheticSource;
import io.actionstream.cli.produce.SyntheticSource.SyntheticClip;
import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.SplitDefinition;
import io.actionstream.core.dataset.Splits;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.core.wire.LabelCodec;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.service.ActionStreamService;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.streams.topology.Topics;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against a real broker ({@link LocalKafka}) and the inference service ({@link
 * DemoService}: the real topology with the bundled ONNX model): produce (synthetic, clips, image
 * folder), query, watch, dead letters. Each test uses its own stream ids, so they share one broker
 * and one topology.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliKafkaIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static LocalKafka kafka;
  private static ActionStreamService service;
  private static Topics topics;

  @TempDir static Path work;

  @BeforeAll
  static void start() throws Exception {
    kafka = LocalKafka.start();
    ServiceConfig config =
        DemoService.config(
            DemoModel.extract(work), kafka.bootstrapServers(), work.resolve("state"), 0, 2);
    topics = Topics.of(config.streamProcessors());
    service = DemoService.startReady(config, WAIT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldPredictEverySyntheticClipOnceWithSizeAndColourMostlyRight() throws Exception {
    CliRun run =
        cli(
            "produce",
            "--synthetic",
            "4",
            "--clips-per-stream",
            "5",
            "--fps",
            "1000",
            "--stream-id",
            "syn",
            "--seed",
            "77");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("sent 160 frame records (160 frames) to frames"), run.out());
    SyntheticSource same =
        new SyntheticSource(
            "syn", 4, 5, GeneratorConfig.builder().frames(8).size(32, 32).seed(77).build());
    SyntheticClip first = same.clips().get(0);
    assertTrue(
        run.out().contains("syn-1 frames 0..7  true: " + first.sentence().text()), run.out());

    Map<String, Prediction> predicted = awaitPredictions("syn-", 20);
    int size = 0;
    int colour = 0;
    int sentences = 0;
    for (SyntheticClip c : same.clips()) {
      Prediction p = predicted.get(c.streamId() + "@" + c.firstFrame());
      assertTrue(p != null, "no prediction for " + c);
      assertEquals(c.lastFrame(), p.lastFrame());
      assertEquals(DemoModel.VERSION, p.modelVersion());
      size += p.slots().get(0).word().equals(c.sentence().word("size")) ? 1 : 0;
      colour += p.slots().get(1).word().equals(c.sentence().word("colour")) ? 1 : 0;
      sentences += p.sentence().equals(c.sentence().text()) ? 1 : 0;
    }
    // The model is 100% right on size and colour of i.i.d. clips and 98.6% on whole sentences. The
    // clips and the model are fixed, so the counts are deterministic; the bounds leave room for a
    // retrained model of the same quality (18 of 20 is > 3 sd below 19.7).
    assertTrue(size >= 19, "size right on " + size + " of 20");
    assertTrue(colour >= 19, "colour right on " + colour + " of 20");
    assertTrue(sentences >= 18, "whole sentence right on " + sentences + " of 20");
  }

  @Test
  void shouldPredictClipsWrittenDirectlyToTheClipsTopic() throws Exception {
    CliRun run =
        cli(
            "produce",
            "--synthetic",
            "2",
            "--clips",
            "--clips-per-stream",
            "2",
            "--fps",
            "1000",
            "--stream-id",
            "clp",
            "--encoding",
            "png");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("sent 4 clip records (32 frames) to clips"), run.out());
    Map<String, Prediction> predicted = awaitPredictions("clp-", 4);
    assertEquals(
        List.of("clp-1@0", "clp-1@8", "clp-2@0", "clp-2@8"),
        predicted.keySet().stream().sorted().toList());
  }

  @Test
  void shouldPredictFramesFromAnImageFolderResizedToTheModelSize() throws Exception {
    Path folder = Files.createDirectories(work.resolve("folder"));
    Clip clip =
        new ActionClipGenerator(GeneratorConfig.builder().frames(16).size(48, 48).seed(5).build())
            .generate(0)
            .clip();
    for (int t = 0; t < 16; t++) {
      BufferedImage image = clip.frameImage(t);
      ImageIO.write(image, "png", folder.resolve(String.format("frame-%03d.png", t)).toFile());
    }
    CliRun run =
        cli(
            "produce",
            "--folder",
            folder.toString(),
            "--size",
            "32",
            "--fps",
            "1000",
            "--stream-id",
            "folder-cam",
            "--encoding",
            "jpeg");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("sent 16 frame records (16 frames) to frames"), run.out());
    Map<String, Prediction> predicted = awaitPredictions("folder-cam", 2);
    assertEquals(
        List.of("folder-cam@0", "folder-cam@8"), predicted.keySet().stream().sorted().toList());
  }

  @Test
  void shouldAnswerAQueryWithOnlyTheAskedProperties() throws Exception {
    assertEquals(
        0,
        cli(
                "produce",
                "--synthetic",
                "1",
                "--clips-per-stream",
                "1",
                "--fps",
                "1000",
                "--stream-id",
                "qry")
            .exitCode());
    awaitPredictions("qry-", 1);
    CliRun run = cli("query", "--stream-id", "qry-1", "--ask", "colour,shape", "--query-id", "q-7");
    assertEquals(0, run.exitCode(), run.toString());
    String line = run.out().strip();
    assertTrue(line.startsWith("answer q-7 qry-1 OK frames 0..7: colour="), line);
    assertTrue(line.contains(", shape="), line);
    assertFalse(line.contains("size=") || line.contains("action="), line);

    CliRun unknown = cli("query", "--stream-id", "nobody", "--ask", "size", "--query-id", "q-8");
    assertEquals(ActionStreamCli.EXIT_ANSWER_ERROR, unknown.exitCode(), unknown.toString());
    assertTrue(unknown.out().startsWith("answer q-8 nobody UNKNOWN_STREAM: "), unknown.out());
  }

  @Test
  void shouldWatchPredictionsAndTheDeadLetterOfAMalformedFrame() throws Exception {
    assertEquals(
        0,
        cli(
                "produce",
                "--synthetic",
                "1",
                "--clips-per-stream",
                "1",
                "--fps",
                "1000",
                "--stream-id",
                "wch")
            .exitCode());
    RecordHeaders headers = new RecordHeaders();
    new FrameCodec().writeHeaders(new FrameMetadata(0, 1, 32, 32, FrameEncoding.RAW_RGB8), headers);
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.frames().name(), null, StreamIds.encode("wch-bad"), new byte[7], headers))
          .get();
    }
    awaitPredictions("wch-", 1);
    CliRun run = cli("watch", "--show", "predictions,dlq", "--from-beginning", "--timeout", "5");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(
        run.out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("prediction wch-1 frames 0..7: ")
                        && l.contains("[size ")
                        && l.contains("model " + DemoModel.VERSION + "  latency ")),
        run.out());
    assertTrue(
        run.out()
            .lines()
            .anyMatch(
                l ->
                    l.matches(
                        "dead letter from frames\\[\\d\\]@\\d+ key wch-bad: SIZE_MISMATCH raw frame"
                            + " of 32x32: expected 3072 bytes \\(W\\*H\\*3\\), got 7")),
        run.out());
    CliRun two = cli("watch", "--show", "predictions", "--from-beginning", "--max", "2");
    assertEquals(2, two.out().lines().count(), two.toString());
  }

  @Test
  void shouldPublishPromoteRollBackAndRetireThroughTheModelCommands() throws Exception {
    Path v1 = DemoModel.extract(work.resolve("registry-src"));
    Path v2 = work.resolve("registry-src").resolve("demo-next");
    Files.createDirectories(v2);
    Files.copy(v1.resolve("model.onnx"), v2.resolve("model.onnx"));
    Files.writeString(
        v2.resolve("manifest.json"),
        Files.readString(v1.resolve("manifest.json"))
            .replace("\"" + DemoModel.VERSION + "\"", "\"demo-next\""));

    assertOut(
        registry("publish", v1.toString()),
        "published " + DemoModel.VERSION + " (action-convlstm) [");
    assertOut(registry("publish", v2.toString(), "--reason", "retrained"), "published demo-next");
    assertOut(
        registry("promote", DemoModel.VERSION, "--reason", "baseline", "--actor", "ci"),
        "serving " + DemoModel.VERSION + " (was nothing)");
    assertOut(
        registry("promote", "demo-next", "--reason", "better", "--metric", "gate.accuracy=0.9"),
        "serving demo-next (was " + DemoModel.VERSION + ")");
    CliRun list = registry("list");
    assertTrue(
        list.out().lines().anyMatch(l -> l.startsWith("demo-next") && l.contains(" serving ")),
        list.toString());
    assertTrue(
        list.out()
            .lines()
            .anyMatch(l -> l.startsWith(DemoModel.VERSION) && l.contains(" available ")),
        list.toString());

    assertOut(
        registry("rollback", "--reason", "regression"),
        "serving " + DemoModel.VERSION + " (rolled back from demo-next)");
    CliRun show = registry("show", "demo-next");
    assertTrue(show.out().contains("status     available"), show.toString());
    assertTrue(
        show.out().contains(" promoted demo-next over " + DemoModel.VERSION + " by "),
        show.toString());
    assertTrue(
        show.out().contains("better [") && show.out().contains("gate.accuracy=0.9000"),
        show.toString());
    assertTrue(
        show.out().contains(" rolled back demo-next to " + DemoModel.VERSION + " by "),
        show.toString());

    assertOut(registry("retire", "demo-next", "--reason", "superseded"), "retired demo-next");
    CliRun refused = registry("promote", "demo-next", "--reason", "again");
    assertEquals(1, refused.exitCode(), refused.toString());
    assertTrue(
        refused.err().contains("RETIRED: version 'demo-next' is retired"), refused.toString());
    CliRun noReason = registry("promote", DemoModel.VERSION);
    assertEquals(2, noReason.exitCode(), noReason.toString());
    assertTrue(noReason.err().contains("--reason"), noReason.toString());
    assertEquals(6, registry("history").out().lines().count());
  }

  @Test
  void shouldSendLabelsOfTheCombinationsASplitHoldsOut() throws Exception {
    kafka.createTopics(List.of("cli-labels"), 1);
    CliRun run =
        cli(
            "label",
            "--synthetic",
            "6",
            "--split",
            "comp-colour-shape-easy",
            "--partition",
            "test_comp",
            "--topic",
            "cli-labels");
    assertOut(run, "sent 6 labels (comp-colour-shape-easy test_comp) to cli-labels");
    SplitDefinition split =
        Splits.find(Splits.standard(PropertySchema.defaultSchema(), 42), "comp-colour-shape-easy");
    List<LabelledClip> labels = new ArrayList<>();
    LabelCodec codec = new LabelCodec(new ClipCodec());
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.follower(kafka.bootstrapServers(), List.of("cli-labels"), true)) {
      long end = System.nanoTime() + WAIT.toNanos();
      while (labels.size() < 6 && System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          labels.add(codec.decode(r.key(), r.headers(), r.value(), PropertySchema.defaultSchema()));
        }
      }
    }
    assertEquals(6, labels.size());
    for (LabelledClip l : labels) {
      assertTrue(split.isHeldOut(l.sentence()), l.sentence() + " is not held out by " + split);
      assertEquals(8, l.clip().frames());
      assertEquals(32, l.clip().width());
    }
  }

  @Test
  void shouldTurnCorrectionsIntoLabelledClipsTheServiceResolves() throws Exception {
    CliRun produce =
        cli(
            "produce",
            "--synthetic",
            "1",
            "--clips-per-stream",
            "3",
            "--fps",
            "1000",
            "--stream-id",
            "fix",
            "--seed",
            "5");
    assertEquals(0, produce.exitCode(), produce.toString());
    awaitPredictions("fix-", 3);
    SyntheticSource same =
        new SyntheticSource(
            "fix", 1, 3, GeneratorConfig.builder().frames(8).size(32, 32).seed(5).build());
    List<SyntheticClip> clips = same.clips();
    Path file = work.resolve("corrections.csv");
    StringBuilder csv = new StringBuilder("# what people saw\n" + Corrections.HEADER + "\n");
    for (SyntheticClip c : clips.subList(1, 3)) {
      csv.append(
          String.join(
                  ",",
                  c.streamId(),
                  Long.toString(c.firstFrame()),
                  Long.toString(c.lastFrame()),
                  c.sentence().text())
              + "\n");
    }
    Files.writeString(file, csv + "fix-1,3,0,small red square slides left\n");
    CliRun refused = cli("label", "--corrections", file.toString());
    assertEquals(2, refused.exitCode(), refused.toString());
    assertTrue(refused.err().contains("line 5: lastFrame"), refused.toString());
    Files.writeString(file, csv.toString());
    assertOut(cli("label", "--corrections", file.toString()), "sent 2 label references");

    LabelCodec codec = new LabelCodec(new ClipCodec());
    Map<Long, LabelledClip> resolved = new HashMap<>();
    Map<Long, String> ids = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.follower(kafka.bootstrapServers(), List.of("labels"), true)) {
      long end = System.nanoTime() + WAIT.toNanos();
      while (resolved.size() < 2 && System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (!LabelCodec.isReference(r.headers(), r.value())) {
            LabelledClip l =
                codec.decode(r.key(), r.headers(), r.value(), PropertySchema.defaultSchema());
            resolved.put(l.clip().firstFrameIndex(), l);
            ids.put(
                l.clip().firstFrameIndex(),
                new String(r.headers().lastHeader("as.label.id").value(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    assertEquals(2, resolved.size(), "resolved " + resolved.keySet());
    for (SyntheticClip c : clips.subList(1, 3)) {
      LabelledClip l = resolved.get(c.firstFrame());
      assertEquals(c.sentence(), l.sentence());
      List<SourceFrame> sent =
          same.frames()
              .filter(f -> f.index() >= c.firstFrame() && f.index() <= c.lastFrame())
              .toList();
      for (int t = 0; t < sent.size(); t++) {
        assertArrayEquals(sent.get(t).rgb(), l.clip().frame(t), "frame " + t + " as sent");
      }
      assertEquals(8, sent.size());
    }
    assertEquals("corrections.csv:3", ids.get(clips.get(1).firstFrame()));
  }

  private static void assertOut(CliRun run, String start) {
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith(start), run.toString());
  }

  /** {@code actionstream model ARGS} on this test's broker and registry topics. */
  private static CliRun registry(String... args) {
    List<String> all = new ArrayList<>(List.of("model"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--bootstrap-server",
            kafka.bootstrapServers(),
            "--packages-topic",
            "cli-model-packages",
            "--events-topic",
            "cli-model-events"));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--bootstrap-server");
    all.add(2, kafka.bootstrapServers());
    return CliRun.of(all.toArray(String[]::new));
  }

  /**
   * The predictions of streams whose id starts with {@code prefix}, keyed {@code stream@first},
   * once {@code count} have arrived; fails on a duplicate (waiting a second more for one).
   */
  private static Map<String, Prediction> awaitPredictions(String prefix, int count) {
    Map<String, Prediction> seen = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.follower(
            kafka.bootstrapServers(), List.of(topics.predictions().name()), true)) {
      long end = System.nanoTime() + WAIT.toNanos();
      long extra = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(end, extra)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          Prediction p = WireSerdes.prediction().read(r.value());
          if (p.streamId().startsWith(prefix)) {
            Prediction before = seen.put(p.streamId() + "@" + p.firstFrame(), p);
            assertEquals(
                null, before, "two predictions for " + p.streamId() + "@" + p.firstFrame());
          }
        }
        if (seen.size() >= count && extra == Long.MAX_VALUE) {
          extra = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        }
      }
    }
    assertEquals(count, seen.size(), "predictions of " + prefix + ": " + seen.keySet());
    return seen;
  }
}
