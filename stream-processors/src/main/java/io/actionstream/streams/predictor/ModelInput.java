package io.actionstream.streams.predictor;

/**
 * The clip shape a predictor accepts: T frames of H×W RGB pixels.
 *
 * @param frames T, at least 1
 * @param height H, at least 1
 * @param width W, at least 1
 */
public record ModelInput(int frames, int height, int width) {
  /** Checks the values. */
  public ModelInput {
    if (frames < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "model input must be positive, got T=" + frames + " H=" + height + " W=" + width);
    }
  }
}
