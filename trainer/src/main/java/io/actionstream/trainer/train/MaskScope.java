package io.actionstream.trainer.train;

import io.actionstream.trainer.model.ModelConfig;

/**
 * How often the masking approach draws a new random mask ({@code training.mask_scope}): one per
 * example ({@code example}, the default), or one per batch shared by all its examples ({@code
 * batch}, as in the thesis: "one random non-zero mask is drawn per batch").
 */
public enum MaskScope {
  /** A mask per example. */
  EXAMPLE,
  /** One mask per batch. */
  BATCH;

  /**
   * Parses {@code example} or {@code batch} (any case).
   *
   * @throws IllegalArgumentException naming {@code training.mask_scope}
   */
  public static MaskScope parse(String value) {
    return ModelConfig.parseEnum(MaskScope.class, TrainingOptions.MASK_SCOPE, value);
  }
}
