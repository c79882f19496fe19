package io.actionstream.core.image;

import java.util.function.UnaryOperator;

/**
 * Decodes JPEG images to RGB, optionally scaled down in the DCT domain. Grey images become r=g=b;
 * CMYK and YCCK images are refused. Implementations are thread-safe.
 */
public interface JpegDecoder {
  /** A short name for logs and benchmarks ({@code turbojpeg}, {@code imageio}). */
  String name();

  /** A width and height in pixels. */
  record Size(int width, int height) {}

  /**
   * Decodes {@code jpeg}. A decoder that can scale in the DCT domain returns the smallest scale
   * (1/8 steps, at most 1) whose image is at least {@code minimum.apply(full size)}; others return
   * the full size.
   *
   * @param declared the size the image must have, or null for any
   * @param minimum the smallest size wanted from an image of a given full size
   * @throws ImageDecodeException UNREADABLE, BAD_DIMENSIONS or UNSUPPORTED_COLOUR
   */
  RgbImage decode(byte[] jpeg, Size declared, UnaryOperator<Size> minimum)
      throws ImageDecodeException;

  /**
   * Decodes {@code jpeg}, which must be {@code width}×{@code height} (0×0: any size), at the
   * smallest DCT scale whose image is at least {@code minWidth}×{@code minHeight} where the decoder
   * can scale (0×0: full size).
   *
   * @throws ImageDecodeException UNREADABLE, BAD_DIMENSIONS or UNSUPPORTED_COLOUR
   */
  default RgbImage decode(byte[] jpeg, int width, int height, int minWidth, int minHeight)
      throws ImageDecodeException {
    Size min = new Size(minWidth, minHeight);
    return decode(jpeg, width > 0 ? new Size(width, height) : null, full -> min);
  }
}
