package io.actionstream.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final String TEXT =
      """
      # HELP actionstream_records_in_total Records read by the topology, per topic
      # TYPE actionstream_records_in_total counter
      actionstream_records_in_total{topic="frames"} 49.0
      actionstream_records_in_total{topic="clips"} 6.0
      actionstream_records_out_total{topic="predictions"} 6.0
      actionstream_dead_letters_total{error="SIZE_MISMATCH",source_topic="frames"} 1.0
      odd_total{path="a \\"quoted\\" \\\\ value",x="1"} 2.0 1700000000000
      actionstream_inference_latency_seconds_bucket{call="inference",outcome="success",le="0.001"} 0
      actionstream_inference_latency_seconds_bucket{call="inference",outcome="success",le="0.002"} 2
      actionstream_inference_latency_seconds_bucket{call="inference",outcome="success",le="0.004"} 8
      actionstream_inference_latency_seconds_bucket{call="inference",outcome="success",le="+Inf"} 10
      actionstream_inference_latency_seconds_count{call="inference",outcome="success"} 10
      actionstream_inference_latency_seconds_bucket{call="query",outcome="success",le="0.001"} 1
      actionstream_inference_latency_seconds_bucket{call="query",outcome="success",le="+Inf"} 1
      actionstream_inference_latency_seconds_count{call="query",outcome="success"} 1
      process_uptime_seconds 12.5
      """;

  @Test
  void shouldSumCountersByLabelAndReadEscapedLabelsAndTimestamps() {
    PrometheusText p = PrometheusText.parse(TEXT);
    assertEquals(
        Map.of("clips", 6.0, "frames", 49.0), p.sumBy("actionstream_records_in_total", "topic"));
    assertEquals(55.0, p.sum("actionstream_records_in_total", Map.of()));
    assertEquals(2.0, p.sum("odd_total", Map.of("path", "a \"quoted\" \\ value")));
    assertEquals(12.5, p.sum("process_uptime_seconds", Map.of()));
  }

  @Test
  void shouldEstimateQuantilesFromBucketsLikeHistogramQuantile() {
    PrometheusText p = PrometheusText.parse(TEXT);
    Map<String, String> inference = Map.of("call", "inference");
    String h = "actionstream_inference_latency_seconds";
    // rank 5 of 10 lies in (0.002, 0.004], which holds observations 3..8: 0.002 + 0.002 * 3/6
    assertEquals(0.003, p.quantile(0.5, h, inference).getAsDouble(), 1e-12);
    // rank 1 lies in (0.001, 0.002]: 0.001 + 0.001 * 1/2
    assertEquals(0.0015, p.quantile(0.1, h, inference).getAsDouble(), 1e-12);
    // rank 9.9 lies in the +Inf bucket: the highest finite bound
    assertEquals(0.004, p.quantile(0.99, h, inference).getAsDouble(), 1e-12);
    assertTrue(p.quantile(0.5, h, Map.of("call", "nothing")).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> p.quantile(1.5, h, inference));
  }

  @Test
  void shouldRefuseALineThatIsNotASample() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("metric{x=\"1\""));
    assertTrue(e.getMessage().contains("metric{x=\"1\""), e.getMessage());
  }

  @Test
  void shouldSummariseTheServiceMetrics() {
    StringWriter out = new StringWriter();
    MetricsSummary.from(PrometheusText.parse(TEXT)).print(new PrintWriter(out));
    assertEquals(
        """
          records in        clips 6, frames 49
          records out       predictions 6
          dead letters      1 (frames SIZE_MISMATCH 1)
          inference calls   10, latency p50 3.0 ms, p99 4.0 ms (estimated from the histogram buckets)
          query calls       1
        """,
        out.toString().replace(System.lineSeparator(), "\n"));
  }
}
