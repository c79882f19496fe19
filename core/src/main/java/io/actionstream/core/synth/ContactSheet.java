package io.actionstream.core.synth;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A PNG overview of labelled clips for eyeballing a dataset: one row per clip showing {@code n}
 * frames evenly spaced from the first to the last (n = min(framesAcross, T)), each enlarged by an
 * integer factor s = max(1, 128 / max(H, W)) with nearest-neighbour scaling, and under the row the
 * clip id and sentence in black on white.
 *
 * <p>Layout, in pixels, with cells of s·W × s·H (the largest clip's H and W): width = max(400, 2·8
 * + n·s·W + (n-1)·4); height = 2·8 + rows·(s·H + 22) + (rows-1)·4.
 */
public final class ContactSheet {
  static final int PAD = 8;
  static final int GAP = 4;
  static final int LABEL_HEIGHT = 22;
  static final int MIN_WIDTH = 400;
  static final int TARGET_CELL = 128;

  private ContactSheet() {}

  /**
   * Renders {@code clips} and writes them as a PNG to {@code png}, creating its parent folder.
   *
   * @param framesAcross frames shown per clip, at least 1
   * @throws IllegalArgumentException if {@code clips} is empty or {@code framesAcross} < 1
   * @throws IOException if the file cannot be written
   */
  public static void write(List<LabelledClip> clips, Path png, int framesAcross)
      throws IOException {
    Objects.requireNonNull(png, "png");
    BufferedImage sheet = render(clips, framesAcross);
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(sheet, "png", png.toFile())) {
      throw new IOException("no PNG writer available to write " + png);
    }
  }

  /** Renders the sheet as an image; see the class comment for the layout. */
  public static BufferedImage render(List<LabelledClip> clips, int framesAcross) {
    Objects.requireNonNull(clips, "clips");
    if (clips.isEmpty()) {
      throw new IllegalArgumentException("a contact sheet needs at least one clip, got none");
    }
    if (framesAcross < 1) {
      throw new IllegalArgumentException("framesAcross must be at least 1, got " + framesAcross);
    }
    int maxH = 0;
    int maxW = 0;
    int maxT = 0;
    for (LabelledClip c : clips) {
      maxH = Math.max(maxH, c.clip().height());
      maxW = Math.max(maxW, c.clip().width());
      maxT = Math.max(maxT, c.clip().frames());
    }
    int scale = Math.max(1, TARGET_CELL / Math.max(maxH, maxW));
    int cellW = maxW * scale;
    int cellH = maxH * scale;
    int across = Math.min(framesAcross, maxT);
    int width = Math.max(MIN_WIDTH, 2 * PAD + across * cellW + (across - 1) * GAP);
    int rowHeight = cellH + LABEL_HEIGHT;
    int height = 2 * PAD + clips.size() * rowHeight + (clips.size() - 1) * GAP;

    BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      for (int row = 0; row < clips.size(); row++) {
        LabelledClip labelled = clips.get(row);
        Clip clip = labelled.clip();
        int top = PAD + row * (rowHeight + GAP);
        int[] shown = frameIndices(clip.frames(), framesAcross);
        for (int i = 0; i < shown.length; i++) {
          int left = PAD + i * (cellW + GAP);
          g.drawImage(
              clip.frameImage(shown[i]),
              left,
              top,
              clip.width() * scale,
              clip.height() * scale,
              null);
        }
        g.setColor(Color.BLACK);
        g.drawString(
            "#" + labelled.id() + "  " + labelled.sentence().text(), PAD, top + cellH + 16);
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }

  /** min(n, frames) frame indices evenly spaced from 0 to frames-1 (just 0 when n = 1). */
  static int[] frameIndices(int frames, int n) {
    int count = Math.min(n, frames);
    int[] indices = new int[count];
    for (int i = 0; i < count; i++) {
      indices[i] = count == 1 ? 0 : (int) Math.round((double) i * (frames - 1) / (count - 1));
    }
    return indices;
  }
}
