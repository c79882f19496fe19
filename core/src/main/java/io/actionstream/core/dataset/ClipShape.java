package io.actionstream.core.dataset;

import io.actionstream.core.clip.Clip;

/**
 * The shape every clip of a dataset has: T frames of H×W RGB pixels.
 *
 * @param frames T, at least 1
 * @param height H, at least 1
 * @param width W, at least 1
 */
public record ClipShape(int frames, int height, int width) {
  /** Largest T, H or W the shard format can store (an unsigned 16-bit field). */
  public static final int MAX_DIMENSION = 0xFFFF;

  public ClipShape {
    check("frames", frames);
    check("height", height);
    check("width", width);
  }

  private static void check(String name, int value) {
    if (value < 1 || value > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "clip " + name + " must be in 1.." + MAX_DIMENSION + ", got " + value);
    }
  }

  /** The shape of {@code clip}. */
  public static ClipShape of(Clip clip) {
    return new ClipShape(clip.frames(), clip.height(), clip.width());
  }

  /** Whether {@code clip} has this shape. */
  public boolean matches(Clip clip) {
    return clip.frames() == frames && clip.height() == height && clip.width() == width;
  }

  /** Pixel bytes of one clip: T*H*W*3. */
  public long pixelBytes() {
    return (long) frames * height * width * Clip.CHANNELS;
  }

  @Override
  public String toString() {
    return frames + "x" + height + "x" + width;
  }
}
