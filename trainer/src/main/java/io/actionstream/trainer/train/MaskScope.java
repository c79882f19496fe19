package io.actionstream.trainer.train;

import java.util.Locale;

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
    if (value != null) {
      for (MaskScope s : values()) {
        if (s.name().equalsIgnoreCase(value.trim())) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "training.mask_scope must be example or batch, got " + value);
  }

  /** The config value: {@code example} or {@code batch}. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
