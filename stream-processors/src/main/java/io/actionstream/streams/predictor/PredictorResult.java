package io.actionstream.streams.predictor;

import java.util.List;
import java.util.Objects;

/**
 * The answer of one predictor call: the scores of every clip, in the order given, and the version
 * of the model that computed all of them (so a model swap between calls never mixes versions in one
 * result).
 *
 * @param modelVersion version of the model used for the whole call
 * @param scores one entry per clip, in input order
 */
public record PredictorResult(String modelVersion, List<SlotScores> scores) {
  /** Checks for nulls and copies the list. */
  public PredictorResult {
    Objects.requireNonNull(modelVersion, "modelVersion");
    if (modelVersion.isBlank()) {
      throw new IllegalArgumentException("modelVersion must not be blank");
    }
    scores = List.copyOf(scores);
  }

  /**
   * Returns this result after checking that it holds one score per clip, as {@link
   * Predictor#predict} promises.
   *
   * @param clips the number of clips the call was given
   * @throws IllegalStateException naming both counts (the caller dead-letters the clips)
   */
  public PredictorResult requireOnePerClip(int clips) {
    if (scores.size() != clips) {
      throw new IllegalStateException(
          "predictor: expected "
              + clips
              + (clips == 1 ? " result for 1 clip" : " results for " + clips + " clips")
              + ", got "
              + scores.size());
    }
    return this;
  }
}
