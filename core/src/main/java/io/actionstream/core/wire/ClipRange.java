package io.actionstream.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.actionstream.core.clip.Clip;

/**
 * The frames of a stream that a clip covers, inclusive. JSON: {@code {"firstFrame": 32,
 * "lastFrame": 47}}.
 *
 * @param firstFrame index of the first frame, at least 0
 * @param lastFrame index of the last frame, at least {@code firstFrame}
 */
public record ClipRange(
    @JsonProperty(required = true) long firstFrame, @JsonProperty(required = true) long lastFrame) {
  /** Checks the fields ({@link WireError#INVALID_FIELD}). */
  public ClipRange {
    JsonChecks.nonNegative(firstFrame, "firstFrame");
    if (lastFrame < firstFrame) {
      throw JsonChecks.invalid("lastFrame", ">= firstFrame " + firstFrame, "" + lastFrame);
    }
  }

  /** The range of a clip. */
  public static ClipRange of(Clip clip) {
    return new ClipRange(clip.firstFrameIndex(), clip.lastFrameIndex());
  }
}
