package io.actionstream.service.metrics;

import java.util.List;

/**
 * The names and tags of the service's own meters (Micrometer names; the Prometheus names replace
 * {@code .} with {@code _} and add {@code _total} to counters and {@code _seconds} to timers). Each
 * is documented in {@code docs/operations.md}, checked by a test.
 */
public final class MetricNames {
  /** Counter: records read per topic (tag {@code topic}). */
  public static final String RECORDS_IN = "actionstream.records.in";

  /** Counter: records written per topic (tag {@code topic}). */
  public static final String RECORDS_OUT = "actionstream.records.out";

  /** Counter: dead-lettered records (tags {@code source_topic}, {@code error}). */
  public static final String DEAD_LETTERS = "actionstream.dead.letters";

  /** Counter: frames left out of clips without a dead letter (tag {@code reason}). */
  public static final String FRAMES_SKIPPED = "actionstream.frames.skipped";

  /** Timer: predictor calls (tags {@code call} = inference|query, {@code outcome}). */
  public static final String INFERENCE_LATENCY = "actionstream.inference.latency";

  /** Distribution summary: clips per inference call. */
  public static final String BATCH_SIZE = "actionstream.inference.batch.size";

  /** Gauge = 1: the model being served (tags {@code version}, {@code execution_provider}). */
  public static final String MODEL_INFO = "actionstream.model.info";

  /** Counter: model swaps while serving (tag {@code outcome} = swapped|refused). */
  public static final String MODEL_SWAPS = "actionstream.model.swaps";

  /** Gauge: 1 when execution provider {@code auto} fell back from CUDA to CPU, else 0. */
  public static final String CUDA_FALLBACK = "actionstream.predictor.cuda.fallback";

  /**
   * Gauge: 1 for the Kafka Streams client's current state, 0 for the others (tag {@code state}).
   */
  public static final String STREAMS_STATE = "actionstream.streams.state";

  /** Gauge: 1 while {@code /health/ready} answers 200, else 0. */
  public static final String READY = "actionstream.service.ready";

  /** Every name above. */
  public static final List<String> ALL =
      List.of(
          RECORDS_IN,
          RECORDS_OUT,
          DEAD_LETTERS,
          FRAMES_SKIPPED,
          INFERENCE_LATENCY,
          BATCH_SIZE,
          MODEL_INFO,
          MODEL_SWAPS,
          CUDA_FALLBACK,
          STREAMS_STATE,
          READY);

  /** Tag value of {@code call} for a predictor call with the all-slots mask. */
  public static final String CALL_INFERENCE = "inference";

  /** Tag value of {@code call} for a predictor call with a partial mask (a masked query). */
  public static final String CALL_QUERY = "query";

  private MetricNames() {}
}
