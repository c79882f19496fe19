package io.actionstream.core.synth;

import io.actionstream.core.synth.Scene.Background;
import io.actionstream.core.synth.Scene.StaticObject;
import io.actionstream.core.synth.Scene.TargetPath;
import io.actionstream.core.synth.Vocabulary.ShapeKind;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * Turns a {@link Scene} into RGB bytes. Holds one reusable {@code TYPE_3BYTE_BGR} canvas, its
 * {@link Graphics2D} and a background buffer, so an instance is <b>not thread-safe</b>: confine it
 * to one thread. Per clip the background and the static distractors are drawn once; per frame the
 * background is copied, the target drawn with Java2D (antialiased), and the frame converted to RGB
 * with gaussian noise added from a precomputed table in one pass.
 */
final class SceneRenderer {
  /** Notch colour: the object colour times this factor. */
  static final double NOTCH_DARKNESS = 0.5;

  private static final int NOISE_TABLE_SIZE = 1 << 16;

  /** Standard normal draws shared by all renderers; fixed seed, Box-Muller (JDK-independent). */
  private static final float[] NORMALS = standardNormals(NOISE_TABLE_SIZE, 0x5EEDL);

  private final int height;
  private final int width;
  private final BufferedImage canvas;
  private final byte[] canvasBytes;
  private final byte[] backgroundBytes;
  private final Graphics2D g;
  private final AffineTransform identity = new AffineTransform();

  /** Noise in pixel levels, padded by one row so a row can start anywhere in the first part. */
  private final int[] noise;

  SceneRenderer(int height, int width, double noiseStddev) {
    this.height = height;
    this.width = width;
    this.canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    this.canvasBytes = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
    this.backgroundBytes = new byte[canvasBytes.length];
    this.g = canvas.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    if (noiseStddev > 0) {
      int rowBytes = width * 3;
      noise = new int[NOISE_TABLE_SIZE + rowBytes];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = (int) Math.round(noiseStddev * NORMALS[i % NOISE_TABLE_SIZE]);
      }
    } else {
      noise = null;
    }
  }

  /**
   * Renders all {@code frames} frames of {@code scene} into {@code out} ({@code [t][y][x][rgb]}).
   * {@code rng} supplies the noise offsets only.
   */
  void render(Scene scene, int frames, SplittableRandom rng, byte[] out) {
    paintBackground(scene.background());
    for (StaticObject d : scene.distractors()) {
      draw(d.shape(), d.rgb(), d.cx(), d.cy(), d.angle(), d.radius());
    }
    System.arraycopy(canvasBytes, 0, backgroundBytes, 0, canvasBytes.length);
    TargetPath p = scene.target();
    int frameBytes = canvasBytes.length;
    for (int t = 0; t < frames; t++) {
      double u = (double) t / (frames - 1);
      System.arraycopy(backgroundBytes, 0, canvasBytes, 0, frameBytes);
      draw(p.shape(), p.rgb(), p.cx(u), p.cy(u), p.angle(u), p.radius() * p.scale(u));
      toRgb(out, t * frameBytes, rng);
    }
  }

  private void paintBackground(Background bg) {
    double scale = bg.amplitude() / Math.max(width, height);
    double gx = Math.cos(bg.direction()) * scale;
    double gy = Math.sin(bg.direction()) * scale;
    int i = 0;
    for (int y = 0; y < height; y++) {
      double rowShift = (y + 0.5 - height / 2.0) * gy;
      for (int x = 0; x < width; x++) {
        int shift = (int) Math.round(rowShift + (x + 0.5 - width / 2.0) * gx);
        canvasBytes[i++] = (byte) clamp(bg.b() + shift); // BGR order
        canvasBytes[i++] = (byte) clamp(bg.g() + shift);
        canvasBytes[i++] = (byte) clamp(bg.r() + shift);
      }
    }
  }

  private void draw(
      ShapeKind shape, int rgb, double cx, double cy, double angle, double pixelRadius) {
    g.setTransform(identity);
    g.translate(cx, cy);
    g.rotate(angle);
    g.scale(pixelRadius, pixelRadius);
    g.setColor(new Color(rgb));
    g.fill(Shapes.outline(shape));
    g.setColor(darker(rgb));
    g.fill(Shapes.notch(shape));
    g.setTransform(identity);
  }

  private static Color darker(int rgb) {
    int r = (int) (((rgb >> 16) & 0xFF) * NOTCH_DARKNESS);
    int gr = (int) (((rgb >> 8) & 0xFF) * NOTCH_DARKNESS);
    int b = (int) ((rgb & 0xFF) * NOTCH_DARKNESS);
    return new Color(r, gr, b);
  }

  /** Copies the canvas (BGR) into {@code out} at {@code offset} as RGB, adding noise. */
  private void toRgb(byte[] out, int offset, SplittableRandom rng) {
    byte[] src = canvasBytes;
    int rowBytes = width * 3;
    if (noise == null) {
      for (int i = 0, n = src.length; i < n; i += 3) {
        out[offset + i] = src[i + 2];
        out[offset + i + 1] = src[i + 1];
        out[offset + i + 2] = src[i];
      }
      return;
    }
    int[] nz = noise;
    for (int y = 0; y < height; y++) {
      int n = rng.nextInt(NOISE_TABLE_SIZE);
      int row = y * rowBytes;
      int o = offset + row;
      for (int i = row, end = row + rowBytes; i < end; i += 3, n += 3) {
        out[o++] = (byte) clamp((src[i + 2] & 0xFF) + nz[n]);
        out[o++] = (byte) clamp((src[i + 1] & 0xFF) + nz[n + 1]);
        out[o++] = (byte) clamp((src[i] & 0xFF) + nz[n + 2]);
      }
    }
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static float[] standardNormals(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i += 2) {
      double u1 = 1.0 - rng.nextDouble(); // (0, 1]
      double u2 = rng.nextDouble();
      double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
      values[i] = (float) (r * StrictMath.cos(2 * Math.PI * u2));
      values[i + 1] = (float) (r * StrictMath.sin(2 * Math.PI * u2));
    }
    return values;
  }
}
