package io.actionstream.service.metrics;

import io.actionstream.streams.metrics.TopologyListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the topology's records in and out per topic and its dead letters per source topic and
 * error code in Micrometer counters ({@link MetricNames#RECORDS_IN}, {@link
 * MetricNames#RECORDS_OUT}, {@link MetricNames#DEAD_LETTERS}) and frames skipped by reason ({@link
 * MetricNames#FRAMES_SKIPPED}). Counters are looked up once per tag set and cached; topics and
 * error codes are few, so the tag sets are bounded.
 */
public final class MicrometerTopologyListener implements TopologyListener {
  private final MeterRegistry registry;
  private final Map<String, Counter> in = new ConcurrentHashMap<>();
  private final Map<String, Counter> out = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> dead = new ConcurrentHashMap<>();
  private final Map<String, Counter> skipped = new ConcurrentHashMap<>();

  /** Registers counters in {@code registry} as records arrive. */
  public MicrometerTopologyListener(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void recordIn(String topic) {
    in.computeIfAbsent(topic, t -> perTopic(MetricNames.RECORDS_IN, "Records read", t)).increment();
  }

  @Override
  public void recordOut(String topic) {
    out.computeIfAbsent(topic, t -> perTopic(MetricNames.RECORDS_OUT, "Records written", t))
        .increment();
  }

  @Override
  public void deadLetter(String sourceTopic, String code) {
    dead.computeIfAbsent(
            List.of(sourceTopic, code),
            k ->
                Counter.builder(MetricNames.DEAD_LETTERS)
                    .description("Records sent to the dead-letter topic, by source topic and error")
                    .tag("source_topic", k.get(0))
                    .tag("error", k.get(1))
                    .register(registry))
        .increment();
  }

  @Override
  public void frameSkipped(String reason) {
    skipped
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder(MetricNames.FRAMES_SKIPPED)
                    .description("Frames left out of clips without a dead letter, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  private Counter perTopic(String name, String description, String topic) {
    return Counter.builder(name)
        .description(description + " by the topology, per topic")
        .tag("topic", topic)
        .register(registry);
  }
}
