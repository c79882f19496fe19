package io.actionstream.core.image;

import io.actionstream.core.synth.CameraScene;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;

/** Camera-like test images ({@link CameraScene}) and how far two images differ. */
final class TestImages {
  private TestImages() {}

  static RgbImage scene(int width, int height, long seed) {
    return new CameraScene(width, height, seed).next();
  }

  /** {@code image} as a JPEG at a typical camera quality (0.85). */
  static byte[] jpeg(RgbImage image) {
    return new FrameCodec(io.actionstream.core.wire.WireLimits.DEFAULT, 0.85f)
        .encode(0, 0, image.width(), image.height(), image.pixels(), FrameEncoding.JPEG)
        .data();
  }

  static int maxDifference(RgbImage a, RgbImage b) {
    int max = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      max = Math.max(max, Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF)));
    }
    return max;
  }

  static double meanDifference(RgbImage a, RgbImage b) {
    long sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      sum += Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF));
    }
    return (double) sum / a.pixels().length;
  }
}
