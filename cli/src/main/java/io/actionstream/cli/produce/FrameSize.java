package io.actionstream.cli.produce;

import java.util.Locale;

/**
 * A frame size given on the command line: {@code N} (N×N) or {@code WxH}, each side 1..4096.
 *
 * @param width W
 * @param height H
 */
public record FrameSize(int width, int height) {
  /** Largest side. */
  public static final int MAX_SIDE = 4096;

  /** Checks the sides. */
  public FrameSize {
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "sides must be 1.." + MAX_SIDE + ", got " + width + "x" + height);
    }
  }

  /**
   * Parses {@code N} or {@code WxH}.
   *
   * @throws IllegalArgumentException saying what is expected
   */
  public static FrameSize parse(String text) {
    String[] parts = text.strip().toLowerCase(Locale.ROOT).split("x", -1);
    try {
      if (parts.length == 1) {
        int n = Integer.parseInt(parts[0]);
        return new FrameSize(n, n);
      }
      if (parts.length == 2) {
        return new FrameSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("expected N or WxH such as 640x480, got '" + text + "'");
  }

  /** Whether W = H. */
  public boolean square() {
    return width == height;
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
