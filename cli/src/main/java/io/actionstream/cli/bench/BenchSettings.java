package io.actionstream.cli.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options of a benchmark run.
 *
 * @param model the model package directory
 * @param clips clips per timed window (raw and end to end), a multiple of {@code streams}
 * @param streams synthetic camera streams sending frames side by side (end to end)
 * @param batchSizes batch sizes to time, each 1..256
 * @param repeats timed windows per figure; the report gives their median
 * @param intraOpThreads ONNX Runtime intra-op threads (0: its default), the same raw and end to end
 * @param warmup clips run before timing (raw: per batch size; end to end: per topology)
 * @param partitions partitions of each topic
 * @param latencyLoad offered load of the latency window as a fraction of the measured end-to-end
 *     throughput, in (0, 1]; 0 skips that window
 * @param seed seed of the synthetic clips
 * @param processingGuarantee the topology's {@code processing.guarantee}
 * @param topologySettings more settings of the topology ({@code StreamProcessorsConfig} keys other
 *     than those the benchmark sets: T, stride, batch size, guarantee)
 * @param loadedRaw also time raw windows beside a {@link CoreLoad} on every other core
 * @param bootstrapServers a broker elsewhere to run end to end against; {@code null}: a fresh
 *     broker in this JVM for each batch size
 */
public record BenchSettings(
    Path model,
    int clips,
    int streams,
    List<Integer> batchSizes,
    int repeats,
    int intraOpThreads,
    int warmup,
    int partitions,
    double latencyLoad,
    long seed,
    String processingGuarantee,
    Map<String, String> topologySettings,
    boolean loadedRaw,
    String bootstrapServers) {
  /** Checks the values. */
  public BenchSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(processingGuarantee, "processingGuarantee");
    topologySettings = Map.copyOf(topologySettings);
    batchSizes = List.copyOf(batchSizes);
    if (streams < 1 || clips < streams || clips % streams != 0) {
      throw new IllegalArgumentException(
          "clips must be a positive multiple of streams, got " + clips + " and " + streams);
    }
    if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1 || b > 256)) {
      throw new IllegalArgumentException("batch sizes must be 1..256, got " + batchSizes);
    }
    if (repeats < 1 || intraOpThreads < 0 || warmup < 0 || partitions < 1) {
      throw new IllegalArgumentException(
          "repeats and partitions must be >= 1, threads and warmup >= 0");
    }
    if (!(latencyLoad >= 0 && latencyLoad <= 1)) {
      throw new IllegalArgumentException("latency load must be in 0..1, got " + latencyLoad);
    }
  }

  /** Where end to end runs, for reports: a broker in this process or the one at the address. */
  public String broker() {
    return bootstrapServers == null
        ? "a broker in this process"
        : "the broker at " + bootstrapServers;
  }

  /** Clips per stream in one end-to-end window. */
  public int clipsPerStream() {
    return clips / streams;
  }
}
