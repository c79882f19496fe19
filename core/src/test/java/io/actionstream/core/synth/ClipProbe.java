package io.actionstream.core.synth;

import io.actionstream.core.clip.Clip;

/** Test helper: masks and centroids of pixels close to a given colour in one frame. */
final class ClipProbe {
  private ClipProbe() {}

  /** Whether pixel (r, g, b) is within {@code tolerance} (sum of absolute differences) of rgb. */
  static boolean near(int r, int g, int b, int rgb, int tolerance) {
    int dr = Math.abs(r - ((rgb >> 16) & 0xFF));
    int dg = Math.abs(g - ((rgb >> 8) & 0xFF));
    int db = Math.abs(b - (rgb & 0xFF));
    return dr + dg + db <= tolerance;
  }

  /** Mask of the pixels of frame t within tolerance of rgb, row-major. */
  static boolean[] mask(Clip clip, int t, int rgb, int tolerance) {
    byte[] p = clip.pixels();
    int offset = clip.frameOffset(t);
    boolean[] mask = new boolean[clip.height() * clip.width()];
    for (int i = 0; i < mask.length; i++) {
      int o = offset + 3 * i;
      mask[i] = near(p[o] & 0xFF, p[o + 1] & 0xFF, p[o + 2] & 0xFF, rgb, tolerance);
    }
    return mask;
  }

  static int count(boolean[] mask) {
    int n = 0;
    for (boolean b : mask) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** {x, y, count} of the set pixels of a mask over a frame of the given width. */
  static double[] centroid(boolean[] mask, int width) {
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        sx += i % width;
        sy += i / width;
        n++;
      }
    }
    return new double[] {n == 0 ? Double.NaN : sx / n, n == 0 ? Double.NaN : sy / n, n};
  }

  /** Centroid {x, y, count} of the pixels of frame t near rgb. */
  static double[] centroid(Clip clip, int t, int rgb, int tolerance) {
    return centroid(mask(clip, t, rgb, tolerance), clip.width());
  }

  /** rgb with every channel multiplied by factor. */
  static int scaled(int rgb, double factor) {
    int r = (int) (((rgb >> 16) & 0xFF) * factor);
    int g = (int) (((rgb >> 8) & 0xFF) * factor);
    int b = (int) ((rgb & 0xFF) * factor);
    return (r << 16) | (g << 8) | b;
  }
}
