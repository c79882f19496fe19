package io.actionstream.core.image;

/**
 * Pixels of one image: {@code height*width*3} bytes, {@code [y][x][r,g,b]}.
 *
 * @param width W, at least 1
 * @param height H, at least 1
 * @param pixels the RGB bytes (not copied)
 */
public record RgbImage(int width, int height, byte[] pixels) {
  /** Checks the size. */
  public RgbImage {
    if (width < 1 || height < 1 || pixels.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "expected "
              + width
              + "x"
              + height
              + "x3 = "
              + (long) width * height * 3
              + " RGB bytes, got "
              + pixels.length);
    }
  }
}
