package io.actionstream.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A label for a clip the service has seen (labels topic, JSON, key = stream id): the stream, the
 * clip's frame range as a prediction gives it, and the sentence it truly shows. The service
 * resolves it from the frames it holds into a labelled clip on the same topic (docs/wire-format.md,
 * "Label records").
 *
 * @param schemaVersion JSON schema version, 1
 * @param labelId the labeller's id for this label, carried to the resolved record
 * @param streamId the stream the clip came from; must equal the record key
 * @param firstFrame index of the clip's first frame, at least 0
 * @param lastFrame index of its last frame (inclusive), at least {@code firstFrame}
 * @param sentence what the clip shows, one word per slot in slot order
 * @param createdMs when the label was made, epoch ms
 */
public record LabelReference(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String labelId,
    @JsonProperty(required = true) String streamId,
    @JsonProperty(required = true) long firstFrame,
    @JsonProperty(required = true) long lastFrame,
    @JsonProperty(required = true) String sentence,
    @JsonProperty(required = true) long createdMs) {
  /**
   * Checks the fields (not the sentence's words: the schema that reads them is the model's).
   *
   * @throws WireFormatException UNSUPPORTED_VERSION or INVALID_FIELD naming the field
   */
  public LabelReference {
    JsonChecks.version(schemaVersion);
    JsonChecks.notBlank(labelId, "labelId");
    JsonChecks.streamId(streamId, "streamId");
    new ClipRange(firstFrame, lastFrame);
    JsonChecks.notBlank(sentence, "sentence");
    JsonChecks.nonNegative(createdMs, "createdMs");
  }

  /** A reference of the current schema version. */
  public static LabelReference of(
      String labelId,
      String streamId,
      long firstFrame,
      long lastFrame,
      String sentence,
      long createdMs) {
    return new LabelReference(
        JsonChecks.SCHEMA_VERSION, labelId, streamId, firstFrame, lastFrame, sentence, createdMs);
  }

  /** Frames the reference covers: {@code lastFrame - firstFrame + 1}, saturating. */
  public long frames() {
    long span = lastFrame - firstFrame;
    return span == Long.MAX_VALUE ? Long.MAX_VALUE : span + 1;
  }
}
