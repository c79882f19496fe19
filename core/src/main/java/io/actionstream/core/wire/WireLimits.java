package io.actionstream.core.wire;

/**
 * Upper bounds a reader enforces before it allocates memory for a record; exceeding one fails with
 * {@link WireError#OVERSIZE}. Immutable.
 *
 * @param maxWidth largest frame width in pixels (1..65535)
 * @param maxHeight largest frame height in pixels (1..65535)
 * @param maxFrames largest T of a clip (1..65535)
 * @param maxRecordBytes largest encoded record value in bytes
 * @param maxDecodedBytes largest decoded RGB size (T*H*W*3) of one record in bytes
 */
public record WireLimits(
    int maxWidth, int maxHeight, int maxFrames, int maxRecordBytes, int maxDecodedBytes) {
  /** The defaults: 4096×4096 pixels, 256 frames, 16 MiB encoded, 256 MiB decoded. */
  public static final WireLimits DEFAULT =
      new WireLimits(4096, 4096, 256, 16 * 1024 * 1024, 256 * 1024 * 1024);

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException naming the bound, its allowed range and the value given
   */
  public WireLimits {
    check("maxWidth", maxWidth, 65535);
    check("maxHeight", maxHeight, 65535);
    check("maxFrames", maxFrames, 65535);
    check("maxRecordBytes", maxRecordBytes, Integer.MAX_VALUE - 8);
    check("maxDecodedBytes", maxDecodedBytes, Integer.MAX_VALUE - 8);
  }

  private static void check(String name, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(name + " must be in 1.." + max + ", got " + value);
    }
  }

  /** A copy with another {@code maxRecordBytes}. */
  public WireLimits withMaxRecordBytes(int bytes) {
    return new WireLimits(maxWidth, maxHeight, maxFrames, bytes, maxDecodedBytes);
  }

  /** A copy with another {@code maxFrames}. */
  public WireLimits withMaxFrames(int frames) {
    return new WireLimits(maxWidth, maxHeight, frames, maxRecordBytes, maxDecodedBytes);
  }

  /** A copy with another {@code maxDecodedBytes}. */
  public WireLimits withMaxDecodedBytes(int bytes) {
    return new WireLimits(maxWidth, maxHeight, maxFrames, maxRecordBytes, bytes);
  }

  /**
   * Checks an encoded record size.
   *
   * @throws WireFormatException {@link WireError#OVERSIZE} if over {@link #maxRecordBytes()}
   */
  void checkRecordBytes(String what, long bytes) {
    if (bytes > maxRecordBytes) {
      throw new WireFormatException(
          WireError.OVERSIZE,
          what + ": expected at most " + maxRecordBytes + " bytes, got " + bytes);
    }
  }

  /**
   * Checks frame dimensions: below 1 is {@link WireError#BAD_DIMENSIONS}, above the limit {@link
   * WireError#OVERSIZE}.
   */
  void checkDimensions(String what, long width, long height) {
    if (width < 1 || height < 1) {
      throw new WireFormatException(
          WireError.BAD_DIMENSIONS,
          what + ": expected width and height >= 1, got " + width + "x" + height);
    }
    if (width > maxWidth || height > maxHeight) {
      throw new WireFormatException(
          WireError.OVERSIZE,
          what
              + ": expected at most "
              + maxWidth
              + "x"
              + maxHeight
              + " pixels, got "
              + width
              + "x"
              + height);
    }
  }

  /** Checks a decoded RGB size, {@link WireError#OVERSIZE} if over {@link #maxDecodedBytes()}. */
  void checkDecodedBytes(String what, long bytes) {
    if (bytes > maxDecodedBytes) {
      throw new WireFormatException(
          WireError.OVERSIZE,
          what + ": expected at most " + maxDecodedBytes + " decoded bytes, got " + bytes);
    }
  }
}
