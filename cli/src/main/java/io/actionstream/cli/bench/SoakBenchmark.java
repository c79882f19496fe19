package io.actionstream.cli.bench;

import io.actionstream.cli.demo.DemoService;
import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.cli.kafka.LocalKafka;
import io.actionstream.cli.produce.FramePublisher;
import io.actionstream.cli.produce.SourceFrame;
import io.actionstream.core.clip.Clip;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.streams.topology.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * The soak benchmark: the service in a JVM of its own ({@link ServiceChild}) against a broker in
 * this process. First its capacity is measured by a backlog of clips it works through at full
 * speed; then synthetic cameras stream at {@code load} × that capacity for the duration while every
 * few seconds the child's heap (from {@code /metrics}), resident memory and open files (from {@code
 * /proc}), the consumer lag of its frames and the prediction latency are sampled. {@link
 * SoakReport} judges and writes them.
 */
public final class SoakBenchmark {
  private static final int POOL = 32;

  /**
   * What to run.
   *
   * @param work where the service's files and the report go
   * @param model the model package
   * @param streams camera streams
   * @param load share of the measured capacity to stream at, e.g. 0.8
   * @param duration how long to stream
   * @param sampleEvery how often to sample
   * @param backlogClips clips of the capacity measurement
   * @param heap each instance's {@code -Xmx}
   * @param instances service instances of the one application, each in its own JVM
   * @param partitions partitions of the topics, at least {@code instances} for all to work
   * @param serviceSettings further service settings, e.g. {@code inference.max.batch.size}
   */
  public record Settings(
      Path work,
      Path model,
      int streams,
      double load,
      Duration duration,
      Duration sampleEvery,
      int backlogClips,
      String heap,
      int instances,
      int partitions,
      Map<String, String> serviceSettings) {}

  /**
   * One sample.
   *
   * @param minutes since the soak started
   * @param heapMb JVM heap in use ({@code jvm_memory_used_bytes{area="heap"}})
   * @param rssMb resident set size
   * @param openFiles open file descriptors
   * @param lag frames not yet consumed by the service (end offsets minus committed)
   * @param p50Ms median latency of the predictions since the last sample (capture to arrival)
   * @param p99Ms their 99th percentile
   * @param clipsPerSecond predictions per second since the last sample
   */
  public record Sample(
      double minutes,
      double heapMb,
      double rssMb,
      long openFiles,
      long lag,
      double p50Ms,
      double p99Ms,
      double clipsPerSecond) {}

  private final Settings settings;
  private final PrintWriter out;

  /** A benchmark of {@code settings}, printing progress to {@code out}. */
  public SoakBenchmark(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs it and returns the report (not yet written). */
  public SoakReport run() throws Exception {
    ModelManifest.InputSpec input = ModelPackage.open(settings.model()).manifest().input();
    int t = input.frames();
    List<Clip> pool = pool(input);
    try (LocalKafka kafka = LocalKafka.start()) {
      Map<String, String> config =
          DemoService.settings(
              kafka.bootstrapServers(),
              settings.work().resolve("state"),
              0,
              settings.partitions(),
              t);
      config.put(ServiceConfig.MODEL_PATH_CONFIG, settings.model().toString());
      config.putAll(settings.serviceSettings());
      String app = config.get(ServiceConfig.APPLICATION_ID_CONFIG);
      // the topic names as the service reads them (--set topic.* included)
      Topics topics = Topics.of(new ServiceConfig(config).streamProcessors());
      try (ServiceGroup service =
              ServiceGroup.start(settings.work(), config, settings.instances(), settings.heap());
          Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
          KafkaProducer<byte[], byte[]> producer =
              KafkaClients.producer(kafka.bootstrapServers())) {
        service.awaitReady(Duration.ofMinutes(2)); // it creates the topics
        return run(service, admin, app, topics, producer, pool, t, kafka.bootstrapServers());
      }
    }
  }

  private SoakReport run(
      ServiceGroup service,
      Admin admin,
      String app,
      Topics topics,
      KafkaProducer<byte[], byte[]> producer,
      List<Clip> pool,
      int t,
      String bootstrap)
      throws Exception {
    try (KafkaConsumer<byte[], byte[]> predictions =
        KafkaClients.follower(bootstrap, List.of(topics.predictions().name()), false)) {
      double capacity = capacity(topics, producer, predictions, pool, t);
      double clipsPerSecond = settings.load() * capacity;
      double fps = clipsPerSecond * t / settings.streams();
      out.printf(
          Locale.ROOT,
          "capacity %.1f clips/s; soaking at %.0f%% = %.1f clips/s (%d streams at %.1f fps) for"
              + " %s%n",
          capacity,
          100 * settings.load(),
          clipsPerSecond,
          settings.streams(),
          fps,
          settings.duration());
      out.flush();
      List<Sample> samples = soak(service, admin, app, topics, producer, predictions, pool, fps);
      return new SoakReport(
          settings, capacity, clipsPerSecond, clipsPerSecond * t, samples, service.alive());
    }
  }

  /** Generated clips of the model's shape, cycled by the cameras. */
  private static List<Clip> pool(ModelManifest.InputSpec input) {
    ActionClipGenerator generator =
        new ActionClipGenerator(
            GeneratorConfig.builder()
                .frames(input.frames())
                .size(input.height(), input.width())
                .seed(5)
                .build());
    return IntStream.range(0, POOL).mapToObj(i -> generator.generate(i).clip()).toList();
  }

  /** Frames of {@code streams} cameras named {@code prefix-N}, clip after clip from the pool. */
  private static Stream<SourceFrame> frames(
      String prefix, int streams, List<Clip> pool, int t, long clipsPerStream) {
    return LongStream.range(0, clipsPerStream * t)
        .boxed()
        .flatMap(
            i ->
                IntStream.range(0, streams)
                    .mapToObj(
                        s -> {
                          Clip c = pool.get((int) ((i / t + s) % pool.size()));
                          return new SourceFrame(
                              prefix + "-" + s, i, c.width(), c.height(), c.frame((int) (i % t)));
                        }));
  }

  /**
   * Clips per second the service works through a backlog, measured between the arrivals of its 20th
   * and 80th percent.
   */
  private double capacity(
      Topics topics,
      KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> predictions,
      List<Clip> pool,
      int t)
      throws Exception {
    int streams = settings.streams();
    long perStream = Math.max(1, settings.backlogClips() / streams);
    new FramePublisher(producer, topics.frames().name(), FrameEncoding.RAW_RGB8, 1e6, 0)
        .publish(frames("backlog", streams, pool, t, perStream), (f, ms) -> {});
    long expected = perStream * streams;
    List<Long> arrivals = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (arrivals.size() < expected && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : predictions.poll(Duration.ofMillis(200))) {
        if (WireSerdes.prediction().read(r.value()).streamId().startsWith("backlog-")) {
          arrivals.add(System.nanoTime());
        }
      }
    }
    if (arrivals.size() < expected) {
      throw new IllegalStateException(
          "the backlog was not worked through: " + arrivals.size() + " of " + expected);
    }
    int from = (int) (expected * 0.2);
    int to = (int) (expected * 0.8);
    return (to - from) / ((arrivals.get(to) - arrivals.get(from)) / 1e9);
  }

  private List<Sample> soak(
      ServiceGroup service,
      Admin admin,
      String app,
      Topics topics,
      KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> predictions,
      List<Clip> pool,
      double fps)
      throws Exception {
    long clipsPerStream =
        (long) Math.ceil(settings.duration().toSeconds() * fps / pool.get(0).frames());
    ExecutorService cameras = Executors.newSingleThreadExecutor();
    List<Sample> samples = new ArrayList<>();
    try {
      Future<FramePublisher.Result> streaming =
          cameras.submit(
              () ->
                  new FramePublisher(
                          producer, topics.frames().name(), FrameEncoding.RAW_RGB8, fps, 0)
                      .publish(
                          frames(
                              "cam",
                              settings.streams(),
                              pool,
                              pool.get(0).frames(),
                              clipsPerStream),
                          (f, ms) -> {}));
      long start = System.nanoTime();
      long last = start;
      while (!streaming.isDone()) {
        List<Double> latencies = new ArrayList<>();
        long windowEnd = last + settings.sampleEvery().toNanos();
        while (System.nanoTime() < windowEnd && !streaming.isDone()) {
          for (ConsumerRecord<byte[], byte[]> r : predictions.poll(Duration.ofMillis(100))) {
            Prediction p = WireSerdes.prediction().read(r.value());
            if (p.streamId().startsWith("cam-")) {
              latencies.add((double) (System.currentTimeMillis() - p.endTimeMs()));
            }
          }
        }
        long now = System.nanoTime();
        Sample s =
            new Sample(
                (now - start) / 60e9,
                service.heapMb(),
                service.rssMb(),
                service.openFiles(),
                lag(admin, app, topics.frames().name()),
                latencies.isEmpty() ? Double.NaN : Stats.median(latencies),
                latencies.isEmpty() ? Double.NaN : Stats.percentile(latencies, 99),
                latencies.size() / ((now - last) / 1e9));
        samples.add(s);
        last = now;
        out.printf(
            Locale.ROOT,
            "%6.2f min  heap %6.1f MB  rss %6.1f MB  fds %4d  lag %6d  p50 %6.0f ms  p99 %6.0f ms"
                + "  %6.1f clips/s%n",
            s.minutes(),
            s.heapMb(),
            s.rssMb(),
            s.openFiles(),
            s.lag(),
            s.p50Ms(),
            s.p99Ms(),
            s.clipsPerSecond());
        out.flush();
        if (!service.alive()) {
          throw new IllegalStateException("the service died; see " + service.log());
        }
      }
      streaming.get();
    } finally {
      cameras.shutdownNow();
    }
    return samples;
  }

  /** Records of the topic {@code frames} not yet committed by the service's group. */
  private long lag(Admin admin, String group, String frames) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < settings.partitions(); p++) {
        latest.put(new TopicPartition(frames, p), OffsetSpec.latest());
      }
      long lag = 0;
      for (var e : admin.listOffsets(latest).all().get().entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    } catch (Exception e) {
      return -1;
    }
  }
}
