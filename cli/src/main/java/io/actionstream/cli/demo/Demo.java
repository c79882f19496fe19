package io.actionstream.cli.demo;

import io.actionstream.cli.RecordLines;
import io.actionstream.cli.TempDirs;
import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.cli.kafka.LocalKafka;
import io.actionstream.cli.kafka.QueryClient;
import io.actionstream.cli.produce.FramePublisher;
import io.actionstream.cli.produce.FrameSize;
import io.actionstream.cli.produce.SyntheticSource;
import io.actionstream.cli.produce.SyntheticSource.SyntheticClip;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.service.ActionStreamService;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.service.http.HttpEndpoints;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.topology.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The end-to-end demo, everything in this process: a KRaft broker ({@link LocalKafka}), the
 * inference service ({@link ActionStreamService}: the topics, the ActionStream topology with the
 * bundled ONNX model, HTTP health and metrics; see {@link DemoService}), synthetic camera streams
 * produced in real time, live predictions scored against the true sentences, masked queries, one
 * malformed frame routed to the dead-letter topic, a few numbers from the service's own {@code
 * /metrics}, and a summary. With {@link Settings#keepRunning()} the broker and the service stay up
 * after that until {@code stop} is counted down.
 */
public final class Demo {
  /**
   * Options of a run.
   *
   * @param camera camera-sized frames filming the scenes, fitted back by {@code
   *     frames.resize=crop}; null for frames of the model's size
   * @param encoding how frames are sent
   */
  public record Settings(
      int streams,
      int clipsPerStream,
      double fps,
      int partitions,
      long seed,
      int httpPort,
      boolean keepRunning,
      FrameSize camera,
      FrameEncoding encoding) {
    /** Checks the values. */
    public Settings {
      java.util.Objects.requireNonNull(encoding, "encoding");
      if (streams < 1 || clipsPerStream < 1 || partitions < 1 || !(fps > 0)) {
        throw new IllegalArgumentException(
            "streams, clips per stream and partitions must be >= 1 and fps > 0");
      }
      if (httpPort < 0 || httpPort > 65535) {
        throw new IllegalArgumentException("HTTP port must be 0..65535, got " + httpPort);
      }
    }
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(60);

  private final Settings settings;
  private final PrintWriter out;
  private final CountDownLatch stop;

  /**
   * A demo with {@code settings} printing to {@code out}.
   *
   * @param stop with {@link Settings#keepRunning()}, what ends the run once it is counted down
   */
  public Demo(Settings settings, PrintWriter out, CountDownLatch stop) {
    this.settings = settings;
    this.out = out;
    this.stop = stop;
  }

  /** Runs the demo and returns what it saw; everything it started is stopped when it returns. */
  public DemoReport run() throws Exception {
    long start = System.nanoTime();
    step("starting Kafka (single-node KRaft broker in this process)");
    Path work = Files.createTempDirectory("actionstream-demo-");
    try (LocalKafka kafka = LocalKafka.start()) {
      say("Kafka is up at %s (%.1f s)", kafka.bootstrapServers(), since(start));
      return runWith(kafka.bootstrapServers(), work, start);
    } finally {
      TempDirs.deleteQuietly(work);
    }
  }

  private DemoReport runWith(String bootstrap, Path work, long start) throws Exception {
    Path modelDir = DemoModel.extract(work);
    step(
        "starting the inference service (ActionStreamService: the topics, the Kafka Streams"
            + " topology, the bundled model on ONNX Runtime, HTTP health and metrics)");
    describeModel(ModelPackage.open(modelDir).manifest());
    Map<String, String> fitting =
        settings.camera() == null
            ? Map.of()
            : Map.of(StreamProcessorsConfig.FRAMES_RESIZE_CONFIG, ResizePolicy.CROP.configName());
    ServiceConfig config =
        DemoService.config(
            modelDir,
            bootstrap,
            work.resolve("state"),
            settings.httpPort(),
            settings.partitions(),
            fitting);
    Topics topics = Topics.of(config.streamProcessors());
    long serviceStart = System.nanoTime();
    try (ActionStreamService service = DemoService.startReady(config, START_TIMEOUT);
        KafkaConsumer<byte[], byte[]> follower =
            KafkaClients.follower(
                bootstrap,
                List.of(topics.predictions().name(), topics.deadLetters().name()),
                true);
        KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap);
        QueryClient queries =
            new QueryClient(bootstrap, topics.queries().name(), topics.answers().name())) {
      ServiceEndpoints http = new ServiceEndpoints(service);
      describeService(service, config, topics, http, since(serviceStart));

      SyntheticSource scenes =
          new SyntheticSource(
              "cam",
              settings.streams(),
              settings.clipsPerStream(),
              GeneratorConfig.builder()
                  .frames(DemoModel.input().frames())
                  .size(DemoModel.input().height(), DemoModel.input().width())
                  .seed(settings.seed())
                  .build());
      SyntheticSource source =
          settings.camera() == null ? scenes : scenes.filmedAt(settings.camera());
      Map<String, Sentence> truth = new HashMap<>();
      for (SyntheticClip c : source.clips()) {
        truth.put(c.streamId() + "@" + c.firstFrame(), c.sentence());
      }
      long framesPerStream = (long) settings.clipsPerStream() * DemoModel.input().frames();
      step(
          String.format(
              Locale.ROOT,
              "producing %s as %s at %s fps per stream (%.1f s of video); live predictions:",
              source.describe(),
              settings.encoding().wireName(),
              settings.fps(),
              framesPerStream / settings.fps()));
      if (settings.camera() != null) {
        say(
            "each %s frame films its 32x32 scene in the centre; the service fits it back to the"
                + " model with %s=crop",
            settings.camera(), StreamProcessorsConfig.FRAMES_RESIZE_CONFIG);
      }
      FramePublisher publisher =
          new FramePublisher(
              producer, topics.frames().name(), settings.encoding(), settings.fps(), 0);
      CompletableFuture<FramePublisher.Result> sending =
          CompletableFuture.supplyAsync(
              () -> {
                try (var frames = source.frames()) {
                  return publisher.publish(frames, (f, ms) -> {});
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException("interrupted", e);
                }
              });

      Scoreboard scores = new Scoreboard(PropertySchema.defaultSchema());
      Set<String> predicted = new HashSet<>();
      int[] duplicates = {0};
      List<String> deadLetters = new ArrayList<>();
      long deadline =
          System.nanoTime() + (long) (framesPerStream / settings.fps() * 1e9) + GRACE.toNanos();
      while (predicted.size() < truth.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : follower.poll(Duration.ofMillis(100))) {
          if (r.topic().equals(topics.deadLetters().name())) {
            deadLetters.add(DeadLetters.read(r.headers()).error());
            say("%s", RecordLines.deadLetter(r));
            continue;
          }
          Prediction p = WireSerdes.prediction().read(r.value());
          String key = p.streamId() + "@" + p.firstFrame();
          if (!predicted.add(key)) {
            duplicates[0]++;
          }
          printPrediction(p, truth.get(key), scores);
        }
      }
      FramePublisher.Result sent = sending.get(GRACE.toSeconds(), TimeUnit.SECONDS);
      if (predicted.size() < truth.size()) {
        say("only %d of %d predictions arrived in time", predicted.size(), truth.size());
      }

      List<Answer> answers = new DemoQueries(out).ask(queries, source, ANSWER_TIMEOUT);
      sendMalformedFrame(producer, topics, source, framesPerStream);
      awaitDeadLetter(follower, topics, deadLetters);

      step("the service's own metrics (GET " + http.url(HttpEndpoints.METRICS) + ")");
      MetricsSummary.from(PrometheusText.parse(http.get(HttpEndpoints.METRICS).body())).print(out);

      DemoReport report =
          new DemoReport(
              settings.streams(),
              settings.clipsPerStream(),
              sent.frames(),
              settings.fps(),
              truth.size(),
              predicted.size() + duplicates[0],
              duplicates[0],
              scores,
              answers,
              deadLetters,
              since(start));
      out.println();
      report.print(out);
      if (settings.keepRunning()) {
        keepRunning(bootstrap, http);
      }
      step("shutting down");
      return report;
    }
  }

  private void describeService(
      ActionStreamService service,
      ServiceConfig config,
      Topics topics,
      ServiceEndpoints http,
      double seconds)
      throws IOException, InterruptedException {
    say(
        "service ready in %.1f s: application.id %s, %s, one stream thread",
        seconds, config.applicationId(), config.streamProcessors().processingGuarantee());
    say(
        "topics %s created by the service (topics.create), %d partitions each; frames, clips and"
            + " queries co-partitioned",
        topics.names(), settings.partitions());
    HttpResponse<String> ready = http.get(HttpEndpoints.READY);
    say("  health   %s  %d %s", http.url(HttpEndpoints.READY), ready.statusCode(), ready.body());
    say("  metrics  %s  (Prometheus text)", http.url(HttpEndpoints.METRICS));
  }

  private void keepRunning(String bootstrap, ServiceEndpoints http) throws InterruptedException {
    step("still running (--keep-running): Ctrl-C stops the service and the broker");
    say("  bootstrap.servers  %s", bootstrap);
    say("  health             %s", http.url(HttpEndpoints.READY));
    say("  metrics            %s", http.url(HttpEndpoints.METRICS));
    say(
        "  try                bin/actionstream watch -b %s --show predictions,answers,dlq",
        bootstrap);
    say(
        "                     bin/actionstream produce -b %s --synthetic 2 --stream-id live",
        bootstrap);
    say(
        "                     bin/actionstream query -b %s --stream-id live-1 --ask colour,shape",
        bootstrap);
    stop.await();
  }

  private void describeModel(ModelManifest m) {
    Map<String, Double> metrics = m.metrics() == null ? Map.of() : m.metrics();
    say(
        "model %s: %d frames of %dx%d; its test accuracy (i.i.d. synthetic clips): %s, whole"
            + " sentence %s",
        m.version(),
        m.input().frames(),
        m.input().height(),
        m.input().width(),
        String.join(
            ", ",
            PropertySchema.defaultSchema().slotNames().stream()
                .map(s -> s + " " + percent(metrics.get("test." + s + "_accuracy")))
                .toList()),
        percent(metrics.get("test.sentence_accuracy")));
    weakestSlot(metrics)
        .ifPresent(
            slot ->
                say(
                    "note: this small model names %s right on %s of test clips, so expect an"
                        + " occasional ✗ in the %s column",
                    slot, percent(metrics.get("test." + slot + "_accuracy")), slot));
  }

  /** The slot with the lowest test accuracy, when that is below 98% (worth a note). */
  static Optional<String> weakestSlot(Map<String, Double> metrics) {
    return PropertySchema.defaultSchema().slotNames().stream()
        .filter(s -> metrics.get("test." + s + "_accuracy") != null)
        .min(Comparator.comparingDouble(s -> metrics.get("test." + s + "_accuracy")))
        .filter(s -> metrics.get("test." + s + "_accuracy") < 0.98);
  }

  private void printPrediction(Prediction p, Sentence truth, Scoreboard scores) {
    if (truth == null) {
      say("%s (not a clip the demo sent)", RecordLines.prediction(p, System.currentTimeMillis()));
      return;
    }
    boolean[] right = scores.record(truth, p);
    say(
        "%-6s frames %3d..%-3d  %-34s %s  true: %-34s latency %4d ms  running: %s",
        p.streamId(),
        p.firstFrame(),
        p.lastFrame(),
        p.sentence(),
        Scoreboard.marks(right),
        truth.text(),
        Math.max(0, System.currentTimeMillis() - p.endTimeMs()),
        scores.running());
  }

  private void sendMalformedFrame(
      KafkaProducer<byte[], byte[]> producer, Topics topics, SyntheticSource source, long nextIndex)
      throws Exception {
    step("sending one malformed frame (7 bytes labelled as a raw 32x32 frame)");
    RecordHeaders headers = new RecordHeaders();
    new FrameCodec()
        .writeHeaders(
            new FrameMetadata(
                nextIndex,
                System.currentTimeMillis(),
                DemoModel.input().width(),
                DemoModel.input().height(),
                FrameEncoding.RAW_RGB8),
            headers);
    producer
        .send(
            new ProducerRecord<>(
                topics.frames().name(),
                null,
                StreamIds.encode(source.streamIds().get(0)),
                new byte[7],
                headers))
        .get(30, TimeUnit.SECONDS);
  }

  private void awaitDeadLetter(
      KafkaConsumer<byte[], byte[]> follower, Topics topics, List<String> deadLetters) {
    int before = deadLetters.size();
    long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
    while (deadLetters.size() == before && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : follower.poll(Duration.ofMillis(100))) {
        if (r.topic().equals(topics.deadLetters().name())) {
          deadLetters.add(DeadLetters.read(r.headers()).error());
          say("  %s", RecordLines.deadLetter(r));
        }
      }
    }
    if (deadLetters.size() == before) {
      say("  no dead letter arrived within %d s", ANSWER_TIMEOUT.toSeconds());
    }
  }

  private void step(String text) {
    Console.step(out, text);
  }

  private void say(String format, Object... args) {
    Console.say(out, format, args);
  }

  private static String percent(Double value) {
    return value == null ? "?" : Math.round(value * 100) + "%";
  }

  private static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
