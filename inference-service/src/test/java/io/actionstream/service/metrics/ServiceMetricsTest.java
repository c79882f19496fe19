package io.actionstream.service.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.service.predict.OnnxRuntimePredictor;
import io.actionstream.service.predict.PredictorOptions;
import io.actionstream.service.predict.PredictorOptions.ExecutionProvider;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry's contents after driving the listener and a metered real predictor. */
class ServiceMetricsTest {
  static final Path TINY = Path.of("src/test/resources/models/tiny");
  static OnnxRuntimePredictor onnx;
  static Clip clip;

  @BeforeAll
  static void open() {
    onnx =
        OnnxRuntimePredictor.open(
            TINY,
            PredictorOptions.defaults()
                .withExecutionProvider(ExecutionProvider.CPU)
                .withIntraOpThreads(1));
    clip =
        new ActionClipGenerator(
                GeneratorConfig.builder().frames(4).size(32, 32).seed(3).build(), onnx.schema())
            .generate(0)
            .clip();
  }

  @AfterAll
  static void close() {
    onnx.close();
  }

  @Test
  void shouldCountRecordsAndDeadLettersPerTopicAndError() {
    try (ServiceMetrics metrics = new ServiceMetrics()) {
      TopologyListener listener = metrics.topologyListener();
      for (int i = 0; i < 3; i++) {
        listener.recordIn("frames");
      }
      listener.recordIn("queries");
      listener.recordOut("predictions");
      listener.deadLetter("frames", "SIZE_MISMATCH");
      listener.deadLetter("frames", "SIZE_MISMATCH");
      listener.deadLetter("queries", "INVALID_JSON");
      listener.frameSkipped(TopologyListener.SKIPPED_SURPLUS);
      listener.frameSkipped(TopologyListener.SKIPPED_SURPLUS);
      listener.frameSkipped(TopologyListener.SKIPPED_STALE);
      String text = metrics.registry().scrape();
      assertTrue(text.contains("actionstream_records_in_total{topic=\"frames\"} 3.0"), text);
      assertTrue(text.contains("actionstream_records_in_total{topic=\"queries\"} 1.0"), text);
      assertTrue(text.contains("actionstream_records_out_total{topic=\"predictions\"} 1.0"), text);
      assertTrue(
          text.contains(
              "actionstream_dead_letters_total{error=\"SIZE_MISMATCH\",source_topic=\"frames\"} 2.0"),
          text);
      assertTrue(
          text.contains(
              "actionstream_dead_letters_total{error=\"INVALID_JSON\",source_topic=\"queries\"} 1.0"),
          text);
      assertTrue(text.contains("actionstream_frames_skipped_total{reason=\"surplus\"} 2.0"), text);
      assertTrue(text.contains("actionstream_frames_skipped_total{reason=\"stale\"} 1.0"), text);
    }
  }

  @Test
  void shouldTimeInferenceAndQueryCallsApartByMask() {
    try (ServiceMetrics metrics = new ServiceMetrics()) {
      Predictor metered = metrics.metered(onnx);
      SlotMask all = onnx.schema().allSlots();
      SlotMask colour = new SlotMask(new boolean[] {false, true, false, false});
      PredictorResult direct = onnx.predict(List.of(clip), List.of(all));
      assertEquals(direct, metered.predict(List.of(clip), List.of(all)), "passes results through");
      metered.predict(List.of(clip, clip), List.of(all, all));
      metered.predict(List.of(clip), List.of(colour));
      Clip wrong = Clip.of(2, 32, 32, new byte[2 * 32 * 32 * 3]);
      assertThrows(
          IllegalArgumentException.class, () -> metered.predict(List.of(wrong), List.of(colour)));

      var registry = metrics.registry();
      Timer inference =
          registry
              .get(MetricNames.INFERENCE_LATENCY)
              .tags("call", "inference", "outcome", "success")
              .timer();
      assertEquals(2, inference.count());
      assertTrue(inference.totalTime(TimeUnit.NANOSECONDS) > 0);
      assertEquals(
          1,
          registry
              .get(MetricNames.INFERENCE_LATENCY)
              .tags("call", "query", "outcome", "success")
              .timer()
              .count());
      assertEquals(
          1,
          registry
              .get(MetricNames.INFERENCE_LATENCY)
              .tags("call", "query", "outcome", "error")
              .timer()
              .count());
      var batches = registry.get(MetricNames.BATCH_SIZE).summary();
      assertEquals(2, batches.count(), "inference calls only");
      assertEquals(3.0, batches.totalAmount());

      String text = registry.scrape();
      assertTrue(
          text.contains(
              "actionstream_inference_latency_seconds_bucket{call=\"inference\",outcome=\"success\",le="),
          "percentile histogram");
      // Prometheus exposes the histogram only (p50/p95/p99 by histogram_quantile); the
      // client-side percentiles are computed for in-process readers and other registries.
      var percentiles = inference.takeSnapshot().percentileValues();
      assertEquals(3, percentiles.length);
      assertEquals(0.99, percentiles[2].percentile());
      assertTrue(percentiles[2].value(TimeUnit.NANOSECONDS) > 0);
      assertTrue(text.contains("actionstream_inference_batch_size_clips_count 2"), text);
    }
  }

  @Test
  void shouldDescribeTheModelAndCudaFallback() {
    try (ServiceMetrics auto = new ServiceMetrics();
        ServiceMetrics cpu = new ServiceMetrics()) {
      auto.bindModel("tiny-1", ExecutionProvider.AUTO, ExecutionProvider.CPU);
      cpu.bindModel("tiny-1", ExecutionProvider.CPU, ExecutionProvider.CPU);
      String a = auto.registry().scrape();
      assertTrue(
          a.contains("actionstream_model_info{execution_provider=\"cpu\",version=\"tiny-1\"} 1"),
          a);
      assertTrue(a.contains("actionstream_predictor_cuda_fallback 1.0"), a);
      assertTrue(cpu.registry().scrape().contains("actionstream_predictor_cuda_fallback 0.0"));
    }
  }

  @Test
  void shouldBindJvmMetrics() {
    try (ServiceMetrics metrics = new ServiceMetrics()) {
      String text = metrics.registry().scrape();
      for (String name :
          List.of(
              "jvm_memory_used_bytes",
              "jvm_threads_live_threads",
              "jvm_classes_loaded_classes",
              "system_cpu_count",
              "process_uptime_seconds")) {
        assertTrue(text.contains(name), name);
      }
    }
  }

  @Test
  void shouldDocumentEveryMetric() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "operations.md"));
    List<String> missing = new ArrayList<>();
    for (String name : MetricNames.ALL) {
      if (!doc.contains("`" + name + "`")) {
        missing.add(name);
      }
    }
    assertFalse(MetricNames.ALL.isEmpty());
    assertTrue(missing.isEmpty(), "docs/operations.md lacks " + missing);
  }
}
