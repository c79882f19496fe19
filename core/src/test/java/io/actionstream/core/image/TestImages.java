package io.actionstream.core.image;

import io.actionstream.core.clip.Images;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Camera-like test images: a gradient, shapes and sensor noise. */
final class TestImages {
  private TestImages() {}

  static RgbImage scene(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    try {
      for (int y = 0; y < height; y++) {
        g.setColor(new Color(40 + 150 * y / height, 90, 200 - 120 * y / height));
        g.drawLine(0, y, width, y);
      }
      Random r = new Random(seed);
      for (int i = 0; i < 6; i++) {
        g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
        int s = Math.max(4, Math.min(width, height) / 5);
        g.fillOval(r.nextInt(width - s), r.nextInt(height - s), s, s);
      }
    } finally {
      g.dispose();
    }
    byte[] rgb = new byte[width * height * 3];
    Images.toRgbBytes(image, rgb, 0);
    Random noise = new Random(seed + 1);
    for (int i = 0; i < rgb.length; i++) {
      int v = (rgb[i] & 0xFF) + (int) Math.round(noise.nextGaussian() * 3);
      rgb[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return new RgbImage(width, height, rgb);
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
