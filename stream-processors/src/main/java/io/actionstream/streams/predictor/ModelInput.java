package io.actionstream.streams.predictor;

import io.actionstream.core.image.ResizePolicy;
import java.util.Objects;

/**
 * The clip shape a predictor accepts, T frames of H×W RGB pixels, and how the model was trained to
 * see frames of another size.
 *
 * @param frames T, at least 1
 * @param height H, at least 1
 * @param width W, at least 1
 * @param resize the policy its training data was resized with ({@link ResizePolicy#NONE}: none
 *     declared)
 */
public record ModelInput(int frames, int height, int width, ResizePolicy resize) {
  /** Checks the values. */
  public ModelInput {
    Objects.requireNonNull(resize, "resize");
    if (frames < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "model input must be positive, got T=" + frames + " H=" + height + " W=" + width);
    }
  }

  /** An input that declares no resize policy. */
  public ModelInput(int frames, int height, int width) {
    this(frames, height, width, ResizePolicy.NONE);
  }
}
