package io.actionstream.service.metrics;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.streams.predictor.ForwardingPredictor;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * A {@link Predictor} that times every call of the one it wraps ({@link
 * MetricNames#INFERENCE_LATENCY}, with a percentile histogram and p50/p95/p99) and records the
 * clips per inference call ({@link MetricNames#BATCH_SIZE}).
 *
 * <p><b>Which call is which.</b> The {@link Predictor} contract gives no caller, so the mask tells:
 * the inference step always passes the all-slots mask, a masked-property query passes the asked
 * slots. A call whose masks are all full is tagged {@code call=inference}, any other {@code
 * call=query}; a query that asks for every property is therefore counted as inference (its cost is
 * the same). Failed calls are timed too, tagged {@code outcome=error}.
 */
public final class MeteredPredictor extends ForwardingPredictor {
  private final Timer inferenceOk;
  private final Timer inferenceError;
  private final Timer queryOk;
  private final Timer queryError;
  private final DistributionSummary batchSize;

  /** Wraps {@code delegate}, registering the meters in {@code registry}. */
  public MeteredPredictor(Predictor delegate, MeterRegistry registry) {
    super(delegate);
    this.inferenceOk = timer(registry, MetricNames.CALL_INFERENCE, "success");
    this.inferenceError = timer(registry, MetricNames.CALL_INFERENCE, "error");
    this.queryOk = timer(registry, MetricNames.CALL_QUERY, "success");
    this.queryError = timer(registry, MetricNames.CALL_QUERY, "error");
    this.batchSize =
        DistributionSummary.builder(MetricNames.BATCH_SIZE)
            .description("Clips per inference call")
            .baseUnit("clips")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
            .register(registry);
  }

  private static Timer timer(MeterRegistry registry, String call, String outcome) {
    return Timer.builder(MetricNames.INFERENCE_LATENCY)
        .description("Predictor call time: inference (all slots) or query (asked slots)")
        .tag("call", call)
        .tag("outcome", outcome)
        .publishPercentiles(0.5, 0.95, 0.99)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** Whether a call with {@code masks} comes from the inference step (every mask full). */
  static boolean isInference(List<SlotMask> masks) {
    return masks.stream().allMatch(SlotMask::isAll);
  }

  @Override
  public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
    boolean inference = isInference(masks);
    long start = System.nanoTime();
    boolean ok = false;
    try {
      PredictorResult result = super.predict(clips, masks);
      ok = true;
      return result;
    } finally {
      Timer timer = inference ? (ok ? inferenceOk : inferenceError) : (ok ? queryOk : queryError);
      timer.record(Duration.ofNanos(System.nanoTime() - start));
      if (inference) {
        batchSize.record(clips.size());
      }
    }
  }
}
