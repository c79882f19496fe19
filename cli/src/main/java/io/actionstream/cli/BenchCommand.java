package io.actionstream.cli;

import io.actionstream.cli.bench.BenchReport;
import io.actionstream.cli.bench.BenchSettings;
import io.actionstream.cli.bench.ServingBenchmark;
import io.actionstream.cli.bench.TopologyProcessing;
import io.actionstream.cli.demo.DemoModel;
import io.actionstream.streams.config.StreamProcessorsConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream bench}: the serving benchmark ({@link ServingBenchmark}), raw ONNX Runtime
 * against end to end through a broker in this process, printed as a table and a summary line. Exits
 * with 1 if a clip did not get exactly one prediction.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Serving benchmark: raw ONNX Runtime clips/s, and end-to-end clips/s and latency through"
            + " a broker and the topology in this process, with their ratio.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Model package directory (default: the bundled demo model, 8x32x32).")
  Path model;

  @Option(
      names = "--clips",
      defaultValue = "400",
      description =
          "Clips per timed window, a multiple of --streams, 1..100000 (default ${DEFAULT-VALUE}).")
  int clips;

  @Option(
      names = "--streams",
      defaultValue = "4",
      description = "Synthetic camera streams end to end, 1..1000 (default ${DEFAULT-VALUE}).")
  int streams;

  @Option(
      names = "--batch-sizes",
      split = ",",
      defaultValue = "1,4,8",
      description = "Batch sizes, 1..256, no repeats (default ${DEFAULT-VALUE}).")
  List<Integer> batchSizes;

  @Option(
      names = "--repeats",
      defaultValue = "3",
      description =
          "Timed windows per figure, reported as their median, 1..50 (default"
              + " ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "0",
      description = "ONNX Runtime intra-op threads, 0 = its default (default ${DEFAULT-VALUE}).")
  int intraOpThreads;

  @Option(
      names = "--warmup",
      defaultValue = "32",
      description =
          "Clips run before timing, per batch size and per topology, 0..100000 (default"
              + " ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of each topic, 1..16 (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--latency-load",
      defaultValue = "0.5",
      description =
          "Pace of the latency window as a fraction of the measured end-to-end throughput, 0..1;"
              + " 0 skips it (default ${DEFAULT-VALUE}).")
  double latencyLoad;

  @Option(
      names = "--seed",
      defaultValue = "2026",
      description = "Seed of the synthetic clips (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--commit-interval-ms",
      defaultValue = "100",
      description =
          "Kafka Streams commit interval of the topology, 1..60000 (default ${DEFAULT-VALUE}).")
  int commitIntervalMs;

  @Option(
      names = "--guarantee",
      defaultValue = StreamsConfig.EXACTLY_ONCE_V2,
      description =
          "Processing guarantee of the topology: exactly_once_v2 or at_least_once (default"
              + " ${DEFAULT-VALUE}).")
  String guarantee;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A topology setting for the end-to-end part (repeatable), e.g. --set"
              + " inference.max.in.flight.batches=1 or --set assembly.output=clips-topic; any"
              + " stream-processors key except those set by the other options (clip.frames,"
              + " clip.stride, inference.max.batch.size, processing.guarantee) and the topic"
              + " names (each measurement has topics of its own).")
  Map<String, String> topologySettings = new LinkedHashMap<>();

  @Option(
      names = "--loaded-raw",
      description =
          "Also time each raw window beside threads that keep every other core busy: the model's"
              + " speed when it shares the machine, as it does end to end; the report adds the"
              + " end-to-end ratio to that figure.")
  boolean loadedRaw;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description =
          "Run end to end against this broker (e.g. `actionstream broker` in another process)"
              + " instead of a fresh broker in this JVM; topics of their own are created and"
              + " deleted again.")
  String bootstrapServers;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    Usage.requireRange(spec, "--clips", clips, 1, 100_000);
    Usage.requireRange(spec, "--streams", streams, 1, 1000);
    if (clips % streams != 0) {
      throw Usage.invalid(
          spec, "--clips", "expected a multiple of --streams (" + streams + "), got " + clips);
    }
    for (int b : batchSizes) {
      Usage.requireRange(spec, "--batch-sizes", b, 1, 256);
    }
    if (new HashSet<>(batchSizes).size() != batchSizes.size()) {
      throw Usage.invalid(spec, "--batch-sizes", "expected no repeats, got " + batchSizes);
    }
    Usage.requireRange(spec, "--repeats", repeats, 1, 50);
    Usage.requireRange(spec, "--intra-op-threads", intraOpThreads, 0, 256);
    Usage.requireRange(spec, "--warmup", warmup, 0, 100_000);
    Usage.requireRange(spec, "--partitions", partitions, 1, 16);
    Usage.requireRange(spec, "--commit-interval-ms", commitIntervalMs, 1, 60_000);
    if (!guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)
        && !guarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
      throw Usage.invalid(
          spec, "--guarantee", "expected exactly_once_v2 or at_least_once, got " + guarantee);
    }
    if (!(latencyLoad >= 0 && latencyLoad <= 1)) {
      throw Usage.invalid(spec, "--latency-load", "expected 0..1, got " + latencyLoad);
    }
    checkTopologySettings();
    if (model != null && !Files.isRegularFile(model.resolve("manifest.json"))) {
      throw Usage.invalid(spec, "--model", model + " is not a model package (no manifest.json)");
    }
    Path work = model == null ? Files.createTempDirectory("actionstream-bench-model-") : null;
    try {
      Path dir = model == null ? DemoModel.extract(work) : model;
      BenchSettings settings =
          new BenchSettings(
              dir,
              clips,
              streams,
              batchSizes,
              repeats,
              intraOpThreads,
              warmup,
              partitions,
              latencyLoad,
              seed,
              guarantee,
              topologySettings,
              loadedRaw,
              bootstrapServers);
      PrintWriter out = spec.commandLine().getOut();
      BenchReport report =
          new ServingBenchmark(
                  settings,
                  new TopologyProcessing(Duration.ofMillis(commitIntervalMs)),
                  spec.commandLine().getErr())
              .run();
      report.print(out);
      if (json != null) {
        report.writeJson(json);
        out.println("report written to " + json);
      }
      if (!report.exactlyOnePerClip()) {
        throw new IllegalStateException("a clip did not get exactly one prediction (see above)");
      }
      return ActionStreamCli.EXIT_OK;
    } finally {
      if (work != null) {
        TempDirs.deleteQuietly(work);
      }
    }
  }

  /** Refuses unknown keys, keys the other options own, and bad values (naming the key). */
  private void checkTopologySettings() {
    Set<String> owned =
        Set.of(
            StreamProcessorsConfig.CLIP_FRAMES_CONFIG,
            StreamProcessorsConfig.CLIP_STRIDE_CONFIG,
            StreamProcessorsConfig.MAX_BATCH_SIZE_CONFIG,
            StreamProcessorsConfig.PROCESSING_GUARANTEE_CONFIG);
    for (String key : topologySettings.keySet()) {
      if (owned.contains(key) || StreamProcessorsConfig.TOPIC_CONFIGS.contains(key)) {
        throw Usage.invalid(spec, "--set", key + " is set by the benchmark's own options");
      }
      if (!StreamProcessorsConfig.CONFIG.names().contains(key)) {
        throw Usage.invalid(spec, "--set", "unknown topology setting " + key);
      }
    }
    try {
      new StreamProcessorsConfig(topologySettings);
    } catch (ConfigException e) {
      throw Usage.invalid(spec, "--set", e.getMessage());
    }
  }
}
