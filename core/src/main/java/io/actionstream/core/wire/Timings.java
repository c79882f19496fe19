package io.actionstream.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How long a prediction took. JSON: {@code {"queuedMs": 3, "inferenceMs": 12, "batchSize": 8}}.
 *
 * @param queuedMs time the clip waited for its batch, ms, at least 0
 * @param inferenceMs time of the model call for the whole batch, ms, at least 0
 * @param batchSize number of clips in that model call, at least 1
 */
public record Timings(
    @JsonProperty(required = true) long queuedMs,
    @JsonProperty(required = true) long inferenceMs,
    @JsonProperty(required = true) int batchSize) {
  /** Checks the fields ({@link WireError#INVALID_FIELD}). */
  public Timings {
    JsonChecks.nonNegative(queuedMs, "queuedMs");
    JsonChecks.nonNegative(inferenceMs, "inferenceMs");
    if (batchSize < 1) {
      throw JsonChecks.invalid("batchSize", ">= 1", Integer.toString(batchSize));
    }
  }
}
