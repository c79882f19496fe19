package io.actionstream.trainer.train;

import java.nio.file.Path;

/**
 * Where a model's weights start: random initialisation, a full parameter file (resuming a
 * checkpoint) or a pre-trained encoder (the rest random). Weights must be loaded before DJL's
 * trainer is created, because the trainer keeps the arrays it sees at initialisation.
 *
 * @param parameters full model parameters, or null
 * @param encoder encoder parameters, or null
 */
public record InitialWeights(Path parameters, Path encoder) {
  public InitialWeights {
    if (parameters != null && encoder != null) {
      throw new IllegalArgumentException("start from full parameters or an encoder, not both");
    }
  }

  /** Random initialisation from the seed. */
  public static InitialWeights random() {
    return new InitialWeights(null, null);
  }

  /** All parameters from {@code file}. */
  public static InitialWeights parameters(Path file) {
    return new InitialWeights(file, null);
  }

  /** The encoder from {@code file}; heads random. */
  public static InitialWeights encoder(Path file) {
    return new InitialWeights(null, file);
  }
}
