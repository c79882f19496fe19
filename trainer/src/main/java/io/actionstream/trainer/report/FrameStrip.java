package io.actionstream.trainer.report;

import io.actionstream.core.clip.Clip;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A picture of next-frame prediction: the true frames {@code 1..T-1} of a clip in the top row and
 * the model's predictions of them (from frames {@code 0..T-2}) in the bottom row, so each column
 * pairs a frame with its prediction.
 *
 * <p>Layout, in pixels: a {@value #LABEL_WIDTH}-wide label column on the left ("true t+1",
 * "predicted t+1"), a {@value #HEADER_HEIGHT}-high header naming each column's frame, then cells of
 * {@code H*s} by {@code W*s} with a {@value #GAP}-pixel gap after each, where {@code s = } {@link
 * #scaleFor(int, int)} upscales small frames (nearest neighbour, so pixels stay exact). The cell of
 * row {@code r} (0 true, 1 predicted) and column {@code j} starts at {@code x = LABEL_WIDTH +
 * j*(W*s + GAP)}, {@code y = HEADER_HEIGHT + r*(H*s + GAP)}.
 */
public final class FrameStrip {
  /** Width of the row-label column. */
  public static final int LABEL_WIDTH = 110;

  /** Height of the column-header band. */
  public static final int HEADER_HEIGHT = 20;

  /** Gap after every cell, horizontally and vertically. */
  public static final int GAP = 4;

  /** Frames are upscaled by an integer factor to about this many pixels on their longer side. */
  public static final int TARGET_SIZE = 96;

  private static final int CHANNELS = Clip.CHANNELS;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private FrameStrip() {}

  /** The integer upscale factor for {@code height}×{@code width} frames, at least 1. */
  public static int scaleFor(int height, int width) {
    return Math.max(1, Math.round((float) TARGET_SIZE / Math.max(height, width)));
  }

  /**
   * Renders the strip.
   *
   * @param truth the input clip, T at least 2; its frames 1..T-1 are the truth
   * @param predicted {@code (T-1)*3*H*W} floats laid out {@code [T-1][3][H][W]}, in normalised
   *     units: the frame is {@code v*std[c] + mean[c]}, clamped to [0,1]
   * @param mean per-channel mean (3 values) in [0,1] units
   * @param std per-channel standard deviation (3 values)
   * @throws IllegalArgumentException naming the expected and actual sizes when they disagree
   */
  public static BufferedImage render(Clip truth, float[] predicted, float[] mean, float[] std) {
    Objects.requireNonNull(truth, "truth");
    Objects.requireNonNull(predicted, "predicted");
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    int t = truth.frames();
    int h = truth.height();
    int w = truth.width();
    if (t < 2) {
      throw new IllegalArgumentException(
          "a frame strip needs a clip of at least 2 frames, got " + t);
    }
    long expected = (long) (t - 1) * CHANNELS * h * w;
    if (predicted.length != expected) {
      throw new IllegalArgumentException(
          "predicted must hold [T-1="
              + (t - 1)
              + "][3][H="
              + h
              + "][W="
              + w
              + "] = "
              + expected
              + " floats, got "
              + predicted.length);
    }
    if (mean.length != CHANNELS || std.length != CHANNELS) {
      throw new IllegalArgumentException(
          "mean and std need 3 values each, got " + mean.length + " and " + std.length);
    }
    int s = scaleFor(h, w);
    int cellW = w * s;
    int cellH = h * s;
    BufferedImage image =
        new BufferedImage(
            LABEL_WIDTH + (t - 1) * (cellW + GAP),
            HEADER_HEIGHT + 2 * (cellH + GAP),
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(new Color(40, 40, 40));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics fm = g.getFontMetrics();
      String[] rows = {"true t+1", "predicted t+1"};
      for (int r = 0; r < 2; r++) {
        int y = HEADER_HEIGHT + r * (cellH + GAP) + (cellH + fm.getAscent()) / 2;
        g.drawString(rows[r], 6, y);
      }
      for (int j = 0; j < t - 1; j++) {
        String label = "t=" + (j + 1);
        int x = LABEL_WIDTH + j * (cellW + GAP) + (cellW - fm.stringWidth(label)) / 2;
        g.drawString(label, x, HEADER_HEIGHT - 6);
      }
    } finally {
      g.dispose();
    }
    byte[] pixels = truth.pixels();
    int plane = h * w;
    for (int j = 0; j < t - 1; j++) {
      int x0 = LABEL_WIDTH + j * (cellW + GAP);
      int trueOffset = truth.frameOffset(j + 1);
      int predOffset = j * CHANNELS * plane;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int p = trueOffset + (y * w + x) * CHANNELS;
          int trueRgb =
              (pixels[p] & 0xff) << 16 | (pixels[p + 1] & 0xff) << 8 | (pixels[p + 2] & 0xff);
          int q = predOffset + y * w + x;
          int predRgb =
              toByte(predicted[q], mean[0], std[0]) << 16
                  | toByte(predicted[q + plane], mean[1], std[1]) << 8
                  | toByte(predicted[q + 2 * plane], mean[2], std[2]);
          fill(image, x0 + x * s, HEADER_HEIGHT + y * s, s, trueRgb);
          fill(image, x0 + x * s, HEADER_HEIGHT + cellH + GAP + y * s, s, predRgb);
        }
      }
    }
    return image;
  }

  /**
   * Renders the strip and writes it as a PNG to {@code file}, creating parent directories; see
   * {@link #render}.
   */
  public static void write(Path file, Clip truth, float[] predicted, float[] mean, float[] std)
      throws IOException {
    BufferedImage image = render(truth, predicted, mean, std);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available for " + file);
    }
  }

  /** De-normalises one value to an 8-bit channel: {@code v*std + mean}, clamped to [0,1]. */
  static int toByte(float v, float mean, float std) {
    double unit = (double) v * std + mean;
    if (!(unit > 0)) { // NaN counts as black
      return 0;
    }
    return (int) Math.round(Math.min(1, unit) * 255);
  }

  private static void fill(BufferedImage image, int x0, int y0, int s, int rgb) {
    for (int dy = 0; dy < s; dy++) {
      for (int dx = 0; dx < s; dx++) {
        image.setRGB(x0 + dx, y0 + dy, rgb);
      }
    }
  }
}
