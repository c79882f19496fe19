package io.actionstream.core.wire;

import java.util.Objects;

/**
 * The metadata of one frame record, carried in Kafka headers (see {@link WireHeaders}).
 *
 * @param frameIndex index of the frame in its stream, at least 0
 * @param captureTimeMs capture time in epoch milliseconds, at least 0
 * @param width width in pixels, at least 1
 * @param height height in pixels, at least 1
 * @param encoding how the record value encodes the pixels
 */
public record FrameMetadata(
    long frameIndex, long captureTimeMs, int width, int height, FrameEncoding encoding) {
  /**
   * Checks the values.
   *
   * @throws WireFormatException {@link WireError#INVALID_FIELD} for a negative index or time,
   *     {@link WireError#BAD_DIMENSIONS} for a width or height below 1
   */
  public FrameMetadata {
    Objects.requireNonNull(encoding, "encoding");
    if (frameIndex < 0 || captureTimeMs < 0) {
      throw new WireFormatException(
          WireError.INVALID_FIELD,
          "expected frame index and capture time >= 0, got "
              + frameIndex
              + " and "
              + captureTimeMs);
    }
    if (width < 1 || height < 1) {
      throw new WireFormatException(
          WireError.BAD_DIMENSIONS, "expected width and height >= 1, got " + width + "x" + height);
    }
  }

  /** Bytes of the frame as RGB: width*height*3. */
  public long rgbBytes() {
    return (long) width * height * 3;
  }
}
