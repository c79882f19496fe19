package io.actionstream.cli.bench;

import io.actionstream.cli.TempDirs;
import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.cli.produce.SyntheticSource;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.predictor.ModelInput;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Times the whole pipeline at one batch size: a fresh {@link LocalKafka} with the topics, the
 * topology started by {@link StreamsProcessing} with the given predictor, a producer of frames and
 * a {@code read_committed} consumer of predictions. Clip windows are cut with stride = T, so every
 * synthetic clip is exactly one topology clip. Runs a warm-up window, the full-load windows, then
 * one window paced at a fraction of the measured throughput for latency. Each window uses new
 * stream ids, so its predictions cannot be confused with another's.
 */
final class EndToEndBenchmark {
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final BenchSettings settings;
  private final Predictor predictor;
  private final StreamsProcessing processing;

  EndToEndBenchmark(BenchSettings settings, Predictor predictor, StreamsProcessing processing) {
    this.settings = settings;
    this.predictor = predictor;
    this.processing = processing;
  }

  /**
   * The topology's configuration: {@code settings}' extra topology settings, then the model's T (as
   * T and stride), {@code batchSize} and {@code settings}' guarantee.
   */
  static StreamProcessorsConfig config(ModelInput input, int batchSize, BenchSettings settings) {
    return config(input, batchSize, settings, Map.of());
  }

  private static StreamProcessorsConfig config(
      ModelInput input, int batchSize, BenchSettings settings, Map<String, String> topics) {
    Map<String, Object> values = new HashMap<>(settings.topologySettings());
    values.putAll(topics);
    values.put(StreamProcessorsConfig.CLIP_FRAMES_CONFIG, input.frames());
    values.put(StreamProcessorsConfig.CLIP_STRIDE_CONFIG, input.frames());
    values.put(StreamProcessorsConfig.MAX_BATCH_SIZE_CONFIG, batchSize);
    values.put(StreamProcessorsConfig.PROCESSING_GUARANTEE_CONFIG, settings.processingGuarantee());
    return new StreamProcessorsConfig(values);
  }

  /**
   * Runs the windows at {@code batchSize}, calling {@code beforeWindow} with the window's number
   * (0..) before each full-load window, once the topology is running and warmed up (the raw
   * benchmark interleaves its windows there, so both sides see the same machine). Everything it
   * started is stopped when it returns.
   */
  EndToEndResult measure(int batchSize, BeforeWindow beforeWindow) throws Exception {
    // the application id and the prefix of every topic of this measurement, internal ones too
    String run =
        "actionstream-bench-" + UUID.randomUUID().toString().substring(0, 8) + "-b" + batchSize;
    StreamProcessorsConfig config = config(predictor.input(), batchSize, settings, topicNames(run));
    ModelClock model = new ModelClock(predictor);
    Topics topics = Topics.of(config);
    Path work = Files.createTempDirectory("actionstream-bench-");
    try (BenchCluster kafka =
        settings.bootstrapServers() == null
            ? BenchCluster.inProcess()
            : BenchCluster.external(settings.bootstrapServers(), run + "-")) {
      kafka.createTopics(topics.names(), settings.partitions());
      String bootstrap = kafka.bootstrapServers();
      try (AutoCloseable running =
              processing.start(bootstrap, run, config, model, work.resolve("state"));
          KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap);
          KafkaConsumer<byte[], byte[]> consumer =
              KafkaClients.follower(bootstrap, List.of(topics.predictions().name()), true)) {
        Pass pass = new Pass(producer, consumer, topics.frames().name(), IDLE_TIMEOUT, model);
        return windows(pass, batchSize, beforeWindow);
      }
    } finally {
      TempDirs.deleteQuietly(work);
    }
  }

  /**
   * Topic names of their own for the measurement {@code run} ({@code <run>-frames}, ...), so that
   * measurements on a broker elsewhere never read each other's records.
   */
  static Map<String, String> topicNames(String run) {
    Map<String, String> names = new HashMap<>();
    for (String key : StreamProcessorsConfig.TOPIC_CONFIGS) {
      names.put(key, run + "-" + key.substring(key.indexOf('.') + 1));
    }
    return names;
  }

  private EndToEndResult windows(Pass pass, int batchSize, BeforeWindow beforeWindow)
      throws Exception {
    int streams = settings.streams();
    if (settings.warmup() > 0) {
      int perStream = (settings.warmup() + streams - 1) / streams;
      pass.run(source("warm", perStream, -1), Pass.AS_FAST_AS_POSSIBLE);
    }
    List<PassResult> full = new ArrayList<>();
    for (int r = 0; r < settings.repeats(); r++) {
      beforeWindow.run(r);
      full.add(
          pass.run(source("w" + (r + 1), settings.clipsPerStream(), r), Pass.AS_FAST_AS_POSSIBLE));
    }
    double throughput = Stats.median(full.stream().map(PassResult::clipsPerSecond).toList());
    PassResult paced = null;
    if (settings.latencyLoad() > 0 && throughput > 0) {
      double clipsPerSecond = settings.latencyLoad() * throughput;
      double fps = clipsPerSecond * predictor.input().frames() / streams;
      paced = pass.run(source("paced", settings.clipsPerStream(), settings.repeats()), fps);
    }
    return new EndToEndResult(
        batchSize,
        throughput,
        Stats.median(full.stream().map(PassResult::p50Ms).toList()),
        Stats.median(full.stream().map(PassResult::p99Ms).toList()),
        full,
        paced);
  }

  /** Synthetic streams {@code prefix-1..} for one window; {@code window} varies the clips. */
  private SyntheticSource source(String prefix, int clipsPerStream, int window) {
    ModelInput input = predictor.input();
    return new SyntheticSource(
        prefix,
        settings.streams(),
        clipsPerStream,
        GeneratorConfig.builder()
            .frames(input.frames())
            .size(input.height(), input.width())
            .seed(settings.seed() + 1 + window)
            .build());
  }

  /** What runs before each full-load window, with the window's number (0..). */
  @FunctionalInterface
  interface BeforeWindow {
    void run(int window) throws Exception;
  }
}
