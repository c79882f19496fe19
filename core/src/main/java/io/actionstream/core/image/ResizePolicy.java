package io.actionstream.core.image;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a frame of any size becomes the model's H×W. Training and serving apply the same policy with
 * the same {@link Resampler}, so both see the same pixels.
 */
public enum ResizePolicy {
  /** No resizing: frames must already be H×W (others are refused). */
  NONE,
  /** The whole frame scaled to H×W; the aspect ratio is not kept. */
  STRETCH,
  /** The largest centred region of the model's aspect ratio, scaled to H×W. */
  CROP,
  /** The whole frame scaled to fit inside H×W, centred, the rest black. */
  LETTERBOX;

  /** The lower-case name used in configuration and manifests. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a {@link #configName()}, case-insensitively.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static ResizePolicy parse(String value) {
    for (ResizePolicy p : values()) {
      if (p.name().equalsIgnoreCase(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "resize policy must be one of "
            + Arrays.toString(values()).toLowerCase(Locale.ROOT)
            + ", got '"
            + value
            + "'");
  }
}
