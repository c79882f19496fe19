package io.actionstream.core.image;

/**
 * Decodes JPEG images to RGB, optionally scaled down in the DCT domain. Grey images become r=g=b;
 * CMYK and YCCK images are refused. Implementations are thread-safe.
 */
public interface JpegDecoder {
  /** A short name for logs and benchmarks ({@code turbojpeg}, {@code imageio}). */
  String name();

  /**
   * Decodes {@code jpeg}, which must be {@code width}×{@code height} as declared (0×0: any size). A
   * decoder that can scale in the DCT domain returns the smallest scale (1/8 steps, at most 1)
   * whose image is at least {@code minWidth}×{@code minHeight}; others, and {@code minWidth =
   * minHeight = 0}, return the full size.
   *
   * @throws ImageDecodeException UNREADABLE, BAD_DIMENSIONS or UNSUPPORTED_COLOUR
   */
  RgbImage decode(byte[] jpeg, int width, int height, int minWidth, int minHeight)
      throws ImageDecodeException;
}
