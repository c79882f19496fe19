package io.actionstream.streams.topology;

import io.actionstream.streams.metrics.TopologyListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the topology's events by topic, by "sourceTopic/code" for dead letters and by reason for
 * skipped frames.
 */
final class RecordingListener implements TopologyListener {
  final Map<String, LongAdder> in = new ConcurrentHashMap<>();
  final Map<String, LongAdder> out = new ConcurrentHashMap<>();
  final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
  final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();

  @Override
  public void recordIn(String topic) {
    in.computeIfAbsent(topic, t -> new LongAdder()).increment();
  }

  @Override
  public void recordOut(String topic) {
    out.computeIfAbsent(topic, t -> new LongAdder()).increment();
  }

  @Override
  public void deadLetter(String sourceTopic, String code) {
    deadLetters.computeIfAbsent(sourceTopic + "/" + code, t -> new LongAdder()).increment();
  }

  @Override
  public void frameSkipped(String reason) {
    skipped.computeIfAbsent(reason, t -> new LongAdder()).increment();
  }

  static long count(Map<String, LongAdder> counts, String key) {
    LongAdder n = counts.get(key);
    return n == null ? 0 : n.sum();
  }
}
