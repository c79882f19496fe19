package io.actionstream.core.synth;

import io.actionstream.core.clip.Images;
import io.actionstream.core.image.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * A camera-like scene for benchmarks and tests of frame decoding and fitting: a lit gradient, four
 * rounded objects drifting across it and sensor noise (σ 2.5). The edges and noise keep JPEG sizes
 * and decoding costs realistic, unlike flat colour. Each {@link #next()} is the following frame;
 * the same size and seed give the same frames.
 */
public final class CameraScene {
  private static final int OBJECTS = 4;
  private static final double NOISE = 2.5;

  private final int width;
  private final int height;
  private final Random random;
  private final double[][] pos = new double[OBJECTS][]; // x, y, dx, dy in pixels
  private final Color[] colours = new Color[OBJECTS];

  /** A scene of {@code width}×{@code height} frames drawn from {@code seed}. */
  public CameraScene(int width, int height, long seed) {
    this.width = width;
    this.height = height;
    this.random = new Random(seed);
    for (int i = 0; i < OBJECTS; i++) {
      pos[i] =
          new double[] {
            random.nextInt(width),
            random.nextInt(height),
            (random.nextDouble() - 0.5) * width / 40,
            (random.nextDouble() - 0.5) * height / 40
          };
      colours[i] = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }
  }

  /** The next frame. */
  public RgbImage next() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    try {
      for (int y = 0; y < height; y++) {
        g.setColor(new Color(60 + 120 * y / height, 100 + 40 * y / height, 170 - 90 * y / height));
        g.drawLine(0, y, width, y);
      }
      int size = Math.min(width, height) / 6;
      for (int i = 0; i < OBJECTS; i++) {
        g.setColor(colours[i]);
        g.fillRoundRect((int) pos[i][0], (int) pos[i][1], size, size * 2 / 3, size / 4, size / 4);
        pos[i][0] = Math.floorMod((int) (pos[i][0] + pos[i][2]), width);
        pos[i][1] = Math.floorMod((int) (pos[i][1] + pos[i][3]), height);
      }
    } finally {
      g.dispose();
    }
    byte[] rgb = new byte[width * height * 3];
    Images.toRgbBytes(image, rgb, 0);
    for (int i = 0; i < rgb.length; i++) {
      int v = (rgb[i] & 0xFF) + (int) Math.round(random.nextGaussian() * NOISE);
      rgb[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return new RgbImage(width, height, rgb);
  }
}
