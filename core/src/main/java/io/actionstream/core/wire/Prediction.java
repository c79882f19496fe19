package io.actionstream.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the model says about one clip of a stream (the predictions topic, JSON, key = stream id).
 *
 * @param schemaVersion JSON schema version, 1
 * @param streamId the stream the clip belongs to
 * @param firstFrame index of the clip's first frame
 * @param lastFrame index of the clip's last frame (inclusive)
 * @param startTimeMs capture time of the first frame, epoch ms
 * @param endTimeMs capture time of the last frame, epoch ms
 * @param sentence the predicted sentence: the slot words in slot order, joined by spaces
 * @param slots one entry per slot, in slot order
 * @param modelVersion version of the model that made the prediction
 * @param timings queueing and inference times
 */
public record Prediction(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String streamId,
    @JsonProperty(required = true) long firstFrame,
    @JsonProperty(required = true) long lastFrame,
    @JsonProperty(required = true) long startTimeMs,
    @JsonProperty(required = true) long endTimeMs,
    @JsonProperty(required = true) String sentence,
    @JsonProperty(required = true) List<SlotWord> slots,
    @JsonProperty(required = true) String modelVersion,
    @JsonProperty(required = true) Timings timings) {
  /**
   * Checks the fields.
   *
   * @throws WireFormatException UNSUPPORTED_VERSION or INVALID_FIELD naming the field
   */
  public Prediction {
    JsonChecks.version(schemaVersion);
    JsonChecks.streamId(streamId, "streamId");
    JsonChecks.nonNegative(firstFrame, "firstFrame");
    if (lastFrame < firstFrame) {
      throw JsonChecks.invalid("lastFrame", ">= firstFrame " + firstFrame, "" + lastFrame);
    }
    JsonChecks.nonNegative(startTimeMs, "startTimeMs");
    if (endTimeMs < startTimeMs) {
      throw JsonChecks.invalid("endTimeMs", ">= startTimeMs " + startTimeMs, "" + endTimeMs);
    }
    JsonChecks.notBlank(sentence, "sentence");
    slots = JsonChecks.nonEmptyList(slots, "slots");
    JsonChecks.notBlank(modelVersion, "modelVersion");
    JsonChecks.notNull(timings, "timings");
  }

  /** A prediction of the current schema version. */
  public static Prediction of(
      String streamId,
      ClipRange clip,
      long startTimeMs,
      long endTimeMs,
      String sentence,
      List<SlotWord> slots,
      String modelVersion,
      Timings timings) {
    return new Prediction(
        JsonChecks.SCHEMA_VERSION,
        streamId,
        clip.firstFrame(),
        clip.lastFrame(),
        startTimeMs,
        endTimeMs,
        sentence,
        slots,
        modelVersion,
        timings);
  }
}
