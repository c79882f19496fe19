package io.actionstream.cli.demo;

import io.actionstream.service.metrics.MetricNames;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * A few numbers from the service's own {@code /metrics}: records in and out per topic, dead letters
 * by source topic and error, and the predictor calls with their p50/p99 latency estimated from the
 * histogram buckets (as Prometheus' {@code histogram_quantile} would).
 *
 * @param recordsIn records read per topic
 * @param recordsOut records written per topic
 * @param deadLetters dead letters per "source-topic ERROR"
 * @param inferenceCalls predictor calls of the inference step
 * @param p50Seconds median time of a successful inference call
 * @param p99Seconds 99th percentile of the same
 * @param queryCalls predictor calls of masked queries
 */
public record MetricsSummary(
    Map<String, Long> recordsIn,
    Map<String, Long> recordsOut,
    Map<String, Long> deadLetters,
    long inferenceCalls,
    OptionalDouble p50Seconds,
    OptionalDouble p99Seconds,
    long queryCalls) {

  private static final String RECORDS_IN = prometheus(MetricNames.RECORDS_IN) + "_total";
  private static final String RECORDS_OUT = prometheus(MetricNames.RECORDS_OUT) + "_total";
  private static final String DEAD_LETTERS = prometheus(MetricNames.DEAD_LETTERS) + "_total";
  private static final String LATENCY = prometheus(MetricNames.INFERENCE_LATENCY) + "_seconds";
  private static final Map<String, String> INFERENCE = Map.of("call", MetricNames.CALL_INFERENCE);
  private static final Map<String, String> INFERENCE_OK =
      Map.of("call", MetricNames.CALL_INFERENCE, "outcome", "success");

  /** Reads the numbers from a scrape of {@code /metrics}. */
  public static MetricsSummary from(PrometheusText metrics) {
    Map<String, Long> dead = new LinkedHashMap<>();
    for (PrometheusText.Sample s : metrics.samples()) {
      if (s.name().equals(DEAD_LETTERS)) {
        dead.merge(
            s.labels().get("source_topic") + " " + s.labels().get("error"),
            (long) s.value(),
            Long::sum);
      }
    }
    return new MetricsSummary(
        counts(metrics.sumBy(RECORDS_IN, "topic")),
        counts(metrics.sumBy(RECORDS_OUT, "topic")),
        dead,
        (long) metrics.sum(LATENCY + "_count", INFERENCE),
        metrics.quantile(0.5, LATENCY, INFERENCE_OK),
        metrics.quantile(0.99, LATENCY, INFERENCE_OK),
        (long) metrics.sum(LATENCY + "_count", Map.of("call", MetricNames.CALL_QUERY)));
  }

  /** Prints the lines, indented like the demo's summary. */
  public void print(PrintWriter out) {
    out.printf("  records in        %s%n", perTopic(recordsIn));
    out.printf("  records out       %s%n", perTopic(recordsOut));
    long dead = deadLetters.values().stream().mapToLong(Long::longValue).sum();
    out.printf(
        "  dead letters      %d%s%n", dead, dead == 0 ? "" : " (" + perTopic(deadLetters) + ")");
    out.printf(
        Locale.ROOT,
        "  inference calls   %d, latency p50 %s, p99 %s (estimated from the histogram buckets)%n",
        inferenceCalls,
        millis(p50Seconds),
        millis(p99Seconds));
    out.printf("  query calls       %d%n", queryCalls);
    out.flush();
  }

  private static String prometheus(String micrometerName) {
    return micrometerName.replace('.', '_');
  }

  private static Map<String, Long> counts(Map<String, Double> sums) {
    Map<String, Long> counts = new LinkedHashMap<>();
    sums.forEach((k, v) -> counts.put(k, Math.round(v)));
    return counts;
  }

  private static String perTopic(Map<String, Long> counts) {
    return counts.isEmpty()
        ? "none"
        : counts.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }

  private static String millis(OptionalDouble seconds) {
    return seconds.isPresent()
        ? String.format(Locale.ROOT, "%.1f ms", seconds.getAsDouble() * 1000)
        : "n/a";
  }
}
