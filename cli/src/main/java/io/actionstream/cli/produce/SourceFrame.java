package io.actionstream.cli.produce;

import io.actionstream.core.wire.StreamIds;
import java.util.Objects;

/**
 * One frame from a source, before it gets a capture time and goes on the wire.
 *
 * @param streamId the stream (record key)
 * @param index the frame's index in its stream
 * @param width W
 * @param height H
 * @param rgb {@code H*W*3} bytes, {@code [y][x][r,g,b]}
 */
public record SourceFrame(String streamId, long index, int width, int height, byte[] rgb) {
  /** Checks the fields. */
  public SourceFrame {
    StreamIds.requireValid(streamId);
    Objects.requireNonNull(rgb, "rgb");
    if (index < 0) {
      throw new IllegalArgumentException("frame index must be >= 0, got " + index);
    }
    if ((long) width * height * 3 != rgb.length) {
      throw new IllegalArgumentException(
          "frame of " + width + "x" + height + " needs " + (3L * width * height) + " bytes");
    }
  }
}
