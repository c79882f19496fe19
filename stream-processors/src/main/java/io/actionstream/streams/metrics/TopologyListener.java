package io.actionstream.streams.metrics;

/**
 * Receives the topology's events for metrics. Called on stream threads, concurrently from several
 * threads of one instance: implementations must be thread-safe and cheap (counters, not I/O), and
 * must not throw.
 *
 * <p>Records in and out are counted by the source deserializers and sink serializers ({@link
 * CountingDeserializer}, {@link CountingSerializer}), so every record read from or written to a
 * topic of the topology is counted once, whichever processor handled it.
 */
public interface TopologyListener {
  /** A listener that ignores every event. */
  TopologyListener NONE = new TopologyListener() {};

  /** One record was read from {@code topic}. */
  default void recordIn(String topic) {}

  /** One record was written to {@code topic} (predictions, answers, clips, dead letters). */
  default void recordOut(String topic) {}

  /**
   * One record from {@code sourceTopic} was dead-lettered with {@code code} ({@code as.dlq.error}:
   * a {@code WireError} name, {@code PROCESSING_ERROR} or a {@code StreamErrors} code).
   */
  default void deadLetter(String sourceTopic, String code) {}

  /** {@link #frameSkipped} reason: a frame {@code clip.fps} did not keep (another was closer). */
  String SKIPPED_SURPLUS = "surplus";

  /**
   * {@link #frameSkipped} reason: a decided sample the window was already past, dropped (only after
   * a restore that brought the window's state back ahead of the sampler's).
   */
  String SKIPPED_STALE = "stale";

  /**
   * One frame was left out of its stream's clips without a dead letter, for {@code reason} ({@link
   * #SKIPPED_SURPLUS} or {@link #SKIPPED_STALE}).
   */
  default void frameSkipped(String reason) {}
}
