package io.actionstream.demo;

import io.actionstream.cli.demo.Console;
import io.actionstream.cli.demo.DemoService;
import io.actionstream.cli.demo.Scoreboard;
import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.cli.kafka.LocalKafka;
import io.actionstream.cli.produce.FramePublisher;
import io.actionstream.core.cli.CliErrors;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.GeneratedClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.dataset.Splits;
import io.actionstream.core.registry.Change;
import io.actionstream.core.registry.KafkaRegistry;
import io.actionstream.core.registry.KafkaRegistryConfig;
import io.actionstream.core.registry.ModelRegistry;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.LabelCodec;
import io.actionstream.core.wire.LabelReference;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireHeaders;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.service.ActionStreamService;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.streams.topology.Topics;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.export.ModelPackageExporter;
import io.actionstream.trainer.retrain.Gate;
import io.actionstream.trainer.retrain.RetrainJob;
import io.actionstream.trainer.retrain.RetrainOptions;
import io.actionstream.trainer.retrain.RetrainReport;
import io.actionstream.trainer.run.TrainingRun;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/demo --continual}: continual training end to end in one process, on a local broker.
 *
 * <ol>
 *   <li>v1 is trained (about 20 s) on clips that never show some colour×shape pairs, published and
 *       promoted in the Kafka registry;
 *   <li>the service serves the registry's version; cameras show only those unseen pairs, and every
 *       prediction is scored against the truth, per model version;
 *   <li>people correct wrong predictions by reference (stream id, frames, sentence), which the
 *       service resolves from the frames it holds, and labelled clips of those pairs arrive on the
 *       labels topic; the retraining job fine-tunes, its gate passes, v2 is promoted, and the
 *       service swaps while the cameras keep streaming;
 *   <li>labels with every shape wrong arrive; the retraining job's candidate fails the gate and is
 *       rejected; v2 keeps serving.
 * </ol>
 *
 * Exits 0 when the loop behaved so (v2 promoted, the corrupted candidate rejected and never
 * serving, no clip predicted twice), else 1.
 */
@Command(
    name = "demo --continual",
    mixinStandardHelpOptions = true,
    description =
        "Continual training in one process: v1 misses some colour×shape pairs, labelled clips of"
            + " them teach v2 (promoted, swapped in while cameras stream), corrupted labels are"
            + " rejected by the gate (docs/continual-training.md).")
public final class ContinualDemo implements Callable<Integer> {
  static final String SPLIT = "comp-colour-shape-easy";
  static final int FRAMES = 4;
  static final int SIZE = 32;
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--cameras",
      defaultValue = "2",
      description = "Cameras (default ${DEFAULT-VALUE}).")
  int cameras;

  @Option(
      names = "--fps",
      defaultValue = "16",
      description = "Frames per second per camera (default ${DEFAULT-VALUE}).")
  double fps;

  @Option(
      names = "--labels",
      defaultValue = "96",
      description = "Labelled clips per retraining (default ${DEFAULT-VALUE}).")
  int labels;

  @Option(
      names = "--corrections",
      defaultValue = "12",
      description =
          "Wrong v1 predictions corrected by reference (stream id, frames, true sentence), which"
              + " the service resolves from the frames it holds (default ${DEFAULT-VALUE}).")
  int corrections;

  @Option(
      names = "--clips-per-version",
      defaultValue = "40",
      description = "Predictions to score per version before moving on (default ${DEFAULT-VALUE}).")
  int clipsPerVersion;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where runs and packages go (default: a temporary directory).")
  Path workDir;

  /** What a run showed. */
  record Result(
      RetrainReport promoted,
      RetrainReport rejected,
      Map<String, Scoreboard> byVersion,
      int duplicates,
      int missing,
      boolean rejectedEverServed) {
    boolean asExpected() {
      return promoted.outcome() == RetrainJob.Outcome.PROMOTED
          && rejected.outcome() == RetrainJob.Outcome.REJECTED
          && duplicates == 0
          && missing == 0
          && !rejectedEverServed;
    }
  }

  /** Entry point of the jar. */
  public static void main(String[] args) {
    CommandLine cl = CliErrors.install(new CommandLine(new ContinualDemo()), "--debug");
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    System.exit(CliErrors.execute(cl, args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path work = workDir != null ? workDir : Files.createTempDirectory("actionstream-continual-");
    Result r = run(work, out);
    out.println();
    out.println("== summary: live accuracy on the pairs v1 never saw, by model version");
    r.byVersion()
        .forEach(
            (v, b) ->
                out.printf(
                    Locale.ROOT,
                    "  %-12s %s (%d clips)%n",
                    LiveScores.shortVersion(v),
                    b.summary(),
                    b.total()));
    out.printf(
        Locale.ROOT,
        "  retraining 1: %s; retraining 2: %s; clips predicted twice: %d, never: %d%n",
        r.promoted().outcome(),
        r.rejected().outcome(),
        r.duplicates(),
        r.missing());
    out.println(
        r.asExpected() ? "✓ continual training behaved as expected" : "✗ unexpected outcome");
    return r.asExpected() ? 0 : 1;
  }

  /** Runs the whole demo in {@code work}, printing to {@code out}. */
  Result run(Path work, PrintWriter out) throws Exception {
    try (LocalKafka kafka = LocalKafka.start()) {
      String bootstrap = kafka.bootstrapServers();
      KafkaRegistryConfig registryConfig =
          KafkaRegistryConfig.defaults(Map.of("bootstrap.servers", bootstrap));
      Console.step(
          out, "1/5 training v1 on clips that never show some colour×shape pairs (" + SPLIT + ")");
      Map<String, String> v1Config = trainConfig();
      v1Config.put("output.dir", work.resolve("v1-run").toString());
      new TrainingRun(TrainConfigLoader.load(null, v1Config), false).run(false);
      Path v1 =
          new ModelPackageExporter(Clock.systemUTC())
              .export(work.resolve("v1-run"), work.resolve("v1"), null, "v1")
              .directory();
      try (ModelRegistry registry = KafkaRegistry.open(registryConfig)) {
        registry.publish(v1, Change.because("first model"));
        registry.promote("v1", Change.because("first model"));
      }
      say(out, "v1 published and promoted in the registry (Kafka topics)");

      Console.step(
          out, "2/5 the service serves the registry's version; cameras show only the unseen pairs");
      Map<String, String> settings =
          DemoService.settings(bootstrap, work.resolve("state"), 0, 1, FRAMES);
      settings.put(ServiceConfig.MODEL_SOURCE_CONFIG, "registry");
      settings.put(ServiceConfig.REGISTRY_POLL_MS_CONFIG, "200");
      settings.put(ServiceConfig.REGISTRY_CACHE_DIR_CONFIG, work.resolve("cache").toString());
      ServiceConfig config = new ServiceConfig(settings);
      kafka.createTopics(List.of("labels"), 1);
      Cameras cams = new Cameras(cameras, heldOut(11, 64, UnaryOperator.identity()));
      ExecutorService sender = Executors.newSingleThreadExecutor();
      try (ActionStreamService service = DemoService.startReady(config, WAIT);
          LiveScores scores =
              new LiveScores(
                  bootstrap,
                  Topics.of(config.streamProcessors()).predictions().name(),
                  cams,
                  SCHEMA,
                  out,
                  (clipsPerVersion / 5) | 1)) { // odd: every camera gets lines
        Future<?> streaming = sender.submit(() -> stream(bootstrap, config, cams));
        scores.await("v1", clipsPerVersion, WAIT, streaming);

        Console.step(
            out,
            "3/5 people correct "
                + corrections
                + " wrong predictions by reference and label "
                + labels
                + " more clips of those pairs; the retraining job runs");
        correct(bootstrap, scores, cams, out);
        sendLabels(bootstrap, heldOut(7, labels, UnaryOperator.identity()));
        RetrainReport promoted =
            retrain(bootstrap, registryConfig, work.resolve("retrain-1"), "v2");
        report(out, promoted);

        Console.step(
            out, "4/5 the service swaps to " + promoted.candidate() + " while the cameras stream");
        scores.await(promoted.candidate(), clipsPerVersion, WAIT, streaming);

        Console.step(
            out, "5/5 labels with every shape wrong arrive; the retraining job runs again");
        sendLabels(bootstrap, heldOut(8, labels, ContinualDemo::wrongShape));
        RetrainReport rejected =
            retrain(bootstrap, registryConfig, work.resolve("retrain-2"), "v3");
        report(out, rejected);
        int before = scores.scored(promoted.candidate());
        scores.await(promoted.candidate(), before + clipsPerVersion / 2, WAIT, streaming);
        say(out, "%s keeps serving: %s", promoted.candidate(), service.modelVersion());
        streaming.cancel(true);
        boolean rejectedServed =
            rejected.candidate() != null && scores.byVersion().containsKey(rejected.candidate());
        return new Result(
            promoted,
            rejected,
            scores.byVersion(),
            scores.duplicates(),
            scores.missing(),
            rejectedServed);
      } finally {
        sender.shutdownNow();
        sender.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
  }

  private Object stream(String bootstrap, ServiceConfig config, Cameras cams) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
      new FramePublisher(
              producer,
              Topics.of(config.streamProcessors()).frames().name(),
              FrameEncoding.RAW_RGB8,
              fps,
              0)
          .publish(cams.frames(100_000), (frame, ms) -> {});
    }
    return null;
  }

  private RetrainReport retrain(
      String bootstrap, KafkaRegistryConfig registry, Path work, String version) throws Exception {
    Map<String, String> o = trainConfig();
    o.put("training.epochs", "8");
    TrainConfig config = TrainConfigLoader.load(null, o);
    return new RetrainJob(
            new RetrainOptions(
                Map.of("bootstrap.servers", bootstrap),
                registry,
                "labels",
                "dlq",
                "retrain-demo",
                config,
                1.0,
                0.25,
                8,
                10_000,
                100,
                new Gate("labels.mean_slot_accuracy", 0.0, 0.05),
                work,
                version,
                "retrain-job",
                false))
        .run();
  }

  /** The tiny model and its data: 4 frames of 32×32, 600 synthetic clips of {@link #SPLIT}. */
  static Map<String, String> trainConfig() {
    Map<String, String> o = new HashMap<>();
    o.put("model.frames", Integer.toString(FRAMES));
    o.put("model.height", Integer.toString(SIZE));
    o.put("model.width", Integer.toString(SIZE));
    o.put("model.stem_channels", "[8]");
    o.put("model.hidden_channels", "[16]");
    o.put("model.head_hidden", "32");
    o.put("data.synthetic.clips", "600");
    o.put("data.split", SPLIT);
    o.put("training.epochs", "15");
    o.put("training.batch_size", "16");
    o.put("training.learning_rate", "0.003");
    o.put("training.normalisation_clips", "16");
    return o;
  }

  /** {@code n} clips of the pairs {@link #SPLIT} holds out, sentences passed through {@code f}. */
  static List<LabelledClip> heldOut(long seed, int n, UnaryOperator<Sentence> f) {
    GeneratorConfig gen =
        GeneratorConfig.builder().frames(FRAMES).size(SIZE, SIZE).seed(seed).build();
    try (GeneratedClipSource source =
            new GeneratedClipSource(gen, Splits.find(Splits.standard(SCHEMA, 42), SPLIT), 20L * n);
        Stream<LabelledClip> clips = source.stream(Partition.TEST_COMP)) {
      List<LabelledClip> out = new ArrayList<>();
      clips
          .limit(n)
          .forEach(c -> out.add(new LabelledClip(c.id(), c.clip(), f.apply(c.sentence()))));
      return out;
    }
  }

  /** The same sentence with the next shape word: every shape wrong. */
  static Sentence wrongShape(Sentence s) {
    int slot = SCHEMA.slotIndex("shape");
    List<String> words = new ArrayList<>(s.words());
    var shapes = SCHEMA.slot(slot).words();
    words.set(slot, shapes.get((shapes.indexOf(words.get(slot)) + 1) % shapes.size()));
    return SCHEMA.sentence(words);
  }

  /**
   * Sends label references for the first {@link #corrections} wrong v1 predictions of distinct
   * clips, stops scoring those clips (the model will be taught them), and waits until the service
   * has resolved every reference into a labelled clip on the labels topic.
   */
  private void correct(String bootstrap, LiveScores scores, Cameras cams, PrintWriter out)
      throws InterruptedException {
    Map<Integer, Prediction> byContent = new LinkedHashMap<>();
    for (Prediction p : scores.wrong("v1")) {
      if (byContent.size() < corrections) {
        byContent.putIfAbsent(cams.content(p.streamId(), p.firstFrame()), p);
      }
    }
    scores.exclude(byContent.keySet());
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> labelsTopic =
            KafkaClients.follower(bootstrap, List.of("labels"), true);
        KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
      for (Prediction p : byContent.values()) {
        String id = "review-" + p.streamId() + "@" + p.firstFrame();
        String truth = cams.truth(p.streamId(), p.firstFrame()).text();
        producer.send(
            new ProducerRecord<>(
                "labels",
                StreamIds.encode(p.streamId()),
                WireSerdes.labelReference()
                    .write(
                        LabelReference.of(
                            id,
                            p.streamId(),
                            p.firstFrame(),
                            p.lastFrame(),
                            truth,
                            System.currentTimeMillis()))));
        ids.add(id);
        say(
            out,
            "correction %s frames %d..%d: %s",
            p.streamId(),
            p.firstFrame(),
            p.lastFrame(),
            truth);
      }
      producer.flush();
      long end = System.nanoTime() + WAIT.toNanos();
      int resolved = 0;
      while (resolved < ids.size() && System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : labelsTopic.poll(Duration.ofMillis(100))) {
          Header id = r.headers().lastHeader(WireHeaders.LABEL_ID);
          if (id != null && ids.contains(new String(id.value(), StandardCharsets.UTF_8))) {
            resolved++;
          }
        }
      }
      if (resolved < ids.size()) {
        throw new IllegalStateException(
            "the service resolved " + resolved + " of " + ids.size() + " label references");
      }
    }
    say(out, "the service resolved the %d references into labelled clips", ids.size());
  }

  private static void sendLabels(String bootstrap, List<LabelledClip> labels) {
    LabelCodec codec = new LabelCodec(new ClipCodec());
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
      for (LabelledClip l : labels) {
        RecordHeaders h = new RecordHeaders();
        codec.writeHeaders(l, h);
        producer.send(
            new ProducerRecord<>(
                "labels", null, StreamIds.encode("labeller"), codec.encodeValue(l), h));
      }
      producer.flush();
    }
  }

  private static void report(PrintWriter out, RetrainReport r) {
    say(
        out,
        "retraining: %s %s (%d labels to train, %d held back, %d replay clips, %.0f s)",
        r.outcome(),
        r.candidate(),
        r.labels(),
        r.heldBack(),
        r.replay(),
        r.seconds());
    r.reasons().forEach(reason -> say(out, "  gate: %s", reason));
  }

  private static void say(PrintWriter out, String format, Object... args) {
    Console.say(out, "  " + format, args);
  }
}
