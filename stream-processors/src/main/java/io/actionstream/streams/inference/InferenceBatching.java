package io.actionstream.streams.inference;

import io.actionstream.streams.config.StreamProcessorsConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Micro-batching of the inference step: how many clips go into one predictor call ({@code
 * inference.max.batch.size}), how long a clip may wait for its batch ({@code
 * inference.max.wait.ms}), and the commit hooks that make batching safe.
 *
 * <p>A batch runs when it is full (inside {@code process()}), when its oldest clip has waited
 * {@code max.wait} (wall-clock punctuation, or the next {@code process()}), and <b>before every
 * commit</b>: Kafka Streams commits the offsets of every record whose {@code process()} has
 * returned, so {@link #clientSupplier()} hooks the stream threads' producers (exactly-once: the
 * batch runs inside {@code sendOffsetsToTransaction}, its results join the transaction; an abort
 * drops the pending clips, whose input is processed again) and main consumers (at-least-once: the
 * batch runs, its results are produced and flushed, then offsets are committed). Use one instance
 * per topology and pass its supplier to Kafka Streams:
 *
 * <pre>{@code
 * InferenceBatching batching = InferenceBatching.of(config);
 * Topology topology = ActionStreamTopology.build(config, predictor, listener, batching);
 * KafkaStreams streams = new KafkaStreams(topology, props, batching.clientSupplier());
 * }</pre>
 *
 * <p><b>Pipelining</b> ({@code inference.max.in.flight.batches} above 0): due batches run on an
 * inference thread per stream thread while the stream thread goes on; their results are written by
 * the stream thread, and all of them before every commit (see {@code ClipBatcher}).
 *
 * <p>With a batch size above 1 or pipelining, an inference processor refuses to start on a stream
 * thread whose clients did not come from that supplier. With batch size 1 and no pipelining ({@link
 * #none()}) nothing is batched and the predictor is called synchronously in {@code process()}.
 */
public final class InferenceBatching {
  private final int maxBatchSize;
  private final Duration maxWait;
  private final int maxInFlight;
  private final boolean requireCommitHooks;
  private final CommitHooks hooks = new CommitHooks();
  private final KafkaClientSupplier clientSupplier = new BatchingClientSupplier(hooks);

  private InferenceBatching(
      int maxBatchSize, Duration maxWait, int maxInFlight, boolean requireCommitHooks) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
    }
    if (maxInFlight < 0) {
      throw new IllegalArgumentException("maxInFlight must be at least 0, got " + maxInFlight);
    }
    this.maxBatchSize = maxBatchSize;
    this.maxWait = maxWait;
    this.maxInFlight = maxInFlight;
    this.requireCommitHooks = requireCommitHooks;
  }

  /**
   * Batching as configured by {@code inference.max.batch.size}, {@code inference.max.wait.ms} and
   * {@code inference.max.in.flight.batches}.
   */
  public static InferenceBatching of(StreamProcessorsConfig config) {
    return new InferenceBatching(
        config.maxBatchSize(), config.maxWait(), config.maxInFlightBatches(), true);
  }

  /** No batching: one clip per predictor call, synchronously. */
  public static InferenceBatching none() {
    return new InferenceBatching(1, Duration.ZERO, 0, true);
  }

  /**
   * <b>For {@code TopologyTestDriver} only, NOT commit-safe.</b> Batching as configured, but
   * without requiring the commit hooks (a test driver cannot take a client supplier): batches run
   * when full and after {@code max.wait} (advance the driver's wall clock), never at commit time,
   * so offsets may be committed before their predictions exist. Not reachable from configuration.
   *
   * @throws IllegalArgumentException if {@code config} asks for pipelining ({@code
   *     inference.max.in.flight.batches} above 0)
   */
  public static InferenceBatching withoutCommitHooksForTopologyTestDriver(
      StreamProcessorsConfig config) {
    if (config.maxInFlightBatches() > 0) {
      throw new IllegalArgumentException(
          StreamProcessorsConfig.MAX_IN_FLIGHT_BATCHES_CONFIG
              + " must be 0 in TopologyTestDriver (results of pipelined batches arrive on another"
              + " thread's schedule), got "
              + config.maxInFlightBatches());
    }
    return new InferenceBatching(
        config.maxBatchSize(), config.maxWait(), config.maxInFlightBatches(), false);
  }

  /**
   * Whether clips go through a batcher and its commit hooks: max batch size above 1, or pipelining.
   */
  public boolean enabled() {
    return maxBatchSize > 1 || maxInFlight > 0;
  }

  /** Batches a stream thread's inference thread may hold at once; 0 = no pipelining. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** Largest number of clips per predictor call. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** Longest time a clip waits for its batch to fill. */
  public Duration maxWait() {
    return maxWait;
  }

  /**
   * The client supplier to pass to {@code new KafkaStreams(topology, props, supplier)}: Kafka's
   * default clients, with each stream thread's producer and main consumer hooked to drain that
   * thread's pending clips before every commit.
   */
  public KafkaClientSupplier clientSupplier() {
    return clientSupplier;
  }

  /**
   * The batcher of the current stream thread (created with {@code create} by the first inference
   * processor initialised there).
   *
   * @throws IllegalStateException if the thread's clients are not hooked (see {@link
   *     #clientSupplier()})
   */
  ClipBatcher batcherOfCurrentThread(Supplier<ClipBatcher> create) {
    return hooks.batcherOfCurrentThread(requireCommitHooks, create);
  }
}
