package io.actionstream.cli.produce;

import io.actionstream.core.clip.Images;
import java.awt.image.BufferedImage;

/** Turns decoded images into {@link SourceFrame}s. */
final class Frames {
  private Frames() {}

  /** {@code image} as frame {@code index} of {@code streamId}, resized to {@code size} if given. */
  static SourceFrame of(String streamId, long index, BufferedImage image, FrameSize size) {
    BufferedImage scaled = size == null ? image : Images.resize(image, size.width(), size.height());
    int w = scaled.getWidth();
    int h = scaled.getHeight();
    byte[] rgb = new byte[w * h * 3];
    Images.toRgbBytes(scaled, rgb, 0);
    return new SourceFrame(streamId, index, w, h, rgb);
  }
}
