package io.actionstream.cli.bench;

import io.actionstream.core.clip.Images;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.WireLimits;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Camera-like JPEG frames for the ingest benchmark: a lit gradient, a few moving objects and sensor
 * noise, encoded at a typical camera quality. Only the encoded bytes matter to decoding speed; the
 * scenes keep JPEG sizes realistic (noise and edges, not flat colour).
 */
final class CameraFrames {
  private CameraFrames() {}

  /** {@code count} consecutive frames of one scene, {@code width}×{@code height}, as JPEG bytes. */
  static List<byte[]> jpeg(int width, int height, int count, float quality, long seed) {
    FrameCodec codec = new FrameCodec(WireLimits.DEFAULT, quality);
    Random random = new Random(seed);
    int objects = 4;
    double[][] pos = new double[objects][4]; // x, y, dx, dy in pixels
    Color[] colours = new Color[objects];
    for (int i = 0; i < objects; i++) {
      pos[i] =
          new double[] {
            random.nextInt(width),
            random.nextInt(height),
            (random.nextDouble() - 0.5) * width / 40,
            (random.nextDouble() - 0.5) * height / 40
          };
      colours[i] = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }
    List<byte[]> frames = new ArrayList<>(count);
    byte[] rgb = new byte[width * height * 3];
    for (int f = 0; f < count; f++) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = image.createGraphics();
      try {
        for (int y = 0; y < height; y++) {
          g.setColor(
              new Color(60 + 120 * y / height, 100 + 40 * y / height, 170 - 90 * y / height));
          g.drawLine(0, y, width, y);
        }
        int size = Math.min(width, height) / 6;
        for (int i = 0; i < objects; i++) {
          g.setColor(colours[i]);
          g.fillRoundRect((int) pos[i][0], (int) pos[i][1], size, size * 2 / 3, size / 4, size / 4);
          pos[i][0] = Math.floorMod((int) (pos[i][0] + pos[i][2]), width);
          pos[i][1] = Math.floorMod((int) (pos[i][1] + pos[i][3]), height);
        }
      } finally {
        g.dispose();
      }
      Images.toRgbBytes(image, rgb, 0);
      for (int i = 0; i < rgb.length; i++) {
        int v = (rgb[i] & 0xFF) + (int) Math.round(random.nextGaussian() * 2.5);
        rgb[i] = (byte) Math.max(0, Math.min(255, v));
      }
      frames.add(codec.encode(f, f * 66L, width, height, rgb, FrameEncoding.JPEG).data());
    }
    return frames;
  }
}
