package io.actionstream.core.clip;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Conversions between {@link BufferedImage}s and interleaved RGB bytes. */
public final class Images {
  private Images() {}

  /**
   * Writes the pixels of {@code image} as RGB bytes into {@code dest} from {@code offset}. Fast
   * path for {@code TYPE_3BYTE_BGR}; other types go through {@code getRGB}.
   */
  public static void toRgbBytes(BufferedImage image, byte[] dest, int offset) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0, n = w * h * 3; i < n; i += 3) {
        dest[offset + i] = bgr[i + 2];
        dest[offset + i + 1] = bgr[i + 1];
        dest[offset + i + 2] = bgr[i];
      }
      return;
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      int o = offset + y * w * 3;
      for (int x = 0; x < w; x++) {
        int rgb = row[x];
        dest[o++] = (byte) (rgb >> 16);
        dest[o++] = (byte) (rgb >> 8);
        dest[o++] = (byte) rgb;
      }
    }
  }

  /** Creates a {@code TYPE_3BYTE_BGR} image from RGB bytes at {@code offset}. */
  public static BufferedImage fromRgbBytes(byte[] rgb, int offset, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0, n = width * height * 3; i < n; i += 3) {
      bgr[i] = rgb[offset + i + 2];
      bgr[i + 1] = rgb[offset + i + 1];
      bgr[i + 2] = rgb[offset + i];
    }
    return image;
  }

  /** Scales {@code image} to {@code width}×{@code height} with bilinear interpolation. */
  public static BufferedImage resize(BufferedImage image, int width, int height) {
    if (image.getWidth() == width
        && image.getHeight() == height
        && image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return image;
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
