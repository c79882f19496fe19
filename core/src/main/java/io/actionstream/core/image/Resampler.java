package io.actionstream.core.image;

/**
 * Resizes RGB images by area averaging (each output pixel is the mean of the source area it covers,
 * with fractional edges), separable, in integer arithmetic: the same input gives the same bytes on
 * every machine and JVM. Enlarging falls back to nearest-neighbour with blended edges.
 */
public final class Resampler {
  /** Fixed-point precision of the weights: 14 bits. */
  private static final int WEIGHT_BITS = 14;

  /** Bits kept after the horizontal pass (8.6 fixed point). */
  private static final int MID_SHIFT = 8;

  private Resampler() {}

  /**
   * {@code source} as a {@code width}×{@code height} image under {@code policy}; the source itself
   * when it already has that size.
   *
   * @throws IllegalArgumentException for {@link ResizePolicy#NONE} and another size
   */
  public static RgbImage resize(RgbImage source, int width, int height, ResizePolicy policy) {
    int sw = source.width();
    int sh = source.height();
    if (sw == width && sh == height) {
      return source;
    }
    byte[] out = new byte[width * height * 3];
    switch (policy) {
      case NONE ->
          throw new IllegalArgumentException(
              "a " + sw + "x" + sh + " image is not " + width + "x" + height);
      case STRETCH -> area(source, 0, 0, sw, sh, out, width, 0, 0, width, height);
      case CROP -> {
        // the largest centred region of the target aspect ratio, rounded to whole pixels
        if ((long) sw * height > (long) sh * width) {
          int cw = (int) Math.max(1, Math.round((double) sh * width / height));
          area(source, (sw - cw) / 2, 0, cw, sh, out, width, 0, 0, width, height);
        } else {
          int ch = (int) Math.max(1, Math.round((double) sw * height / width));
          area(source, 0, (sh - ch) / 2, sw, ch, out, width, 0, 0, width, height);
        }
      }
      case LETTERBOX -> {
        if ((long) sw * height > (long) sh * width) {
          int dh = (int) Math.max(1, Math.round((double) sh * width / sw));
          area(source, 0, 0, sw, sh, out, width, 0, (height - dh) / 2, width, dh);
        } else {
          int dw = (int) Math.max(1, Math.round((double) sw * height / sh));
          area(source, 0, 0, sw, sh, out, width, (width - dw) / 2, 0, dw, height);
        }
      }
    }
    return new RgbImage(width, height, out);
  }

  /**
   * Area-resamples the source rectangle ({@code sx, sy, srw×srh}) into the destination rectangle
   * ({@code dx, dy, drw×drh}) of {@code out} (row width {@code dw}); the rest of {@code out} is
   * left as it is.
   */
  private static void area(
      RgbImage source,
      int sx,
      int sy,
      int srw,
      int srh,
      byte[] out,
      int dw,
      int dx,
      int dy,
      int drw,
      int drh) {
    Taps xs = Taps.of(srw, drw);
    Taps ys = Taps.of(srh, drh);
    byte[] src = source.pixels();
    int rowBytes = source.width() * 3;
    // horizontal pass over the source rows the vertical taps use: [srh][drw*3], 8.6 fixed point
    int[] mid = new int[srh * drw * 3];
    int shift = WEIGHT_BITS - MID_SHIFT;
    int half = 1 << (shift - 1);
    for (int y = 0; y < srh; y++) {
      int rowStart = (sy + y) * rowBytes + sx * 3;
      int m = y * drw * 3;
      for (int x = 0; x < drw; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int k = xs.start[x]; k < xs.start[x + 1]; k++) {
          int p = rowStart + xs.index[k] * 3;
          int w = xs.weight[k];
          r += (src[p] & 0xFF) * w;
          g += (src[p + 1] & 0xFF) * w;
          b += (src[p + 2] & 0xFF) * w;
        }
        mid[m++] = (r + half) >> shift;
        mid[m++] = (g + half) >> shift;
        mid[m++] = (b + half) >> shift;
      }
    }
    int total = WEIGHT_BITS + MID_SHIFT;
    int round = 1 << (total - 1);
    for (int y = 0; y < drh; y++) {
      int o = ((dy + y) * dw + dx) * 3;
      for (int c = 0; c < drw * 3; c++) {
        int sum = 0;
        for (int k = ys.start[y]; k < ys.start[y + 1]; k++) {
          sum += mid[ys.index[k] * drw * 3 + c] * ys.weight[k];
        }
        out[o + c] = (byte) Math.min(255, (sum + round) >> total);
      }
    }
  }

  /**
   * For each of {@code n} outputs, the source indices it covers and their weights (summing to
   * exactly 2^14): output i covers source interval [i·s/n, (i+1)·s/n).
   */
  private record Taps(int[] start, int[] index, int[] weight) {
    static Taps of(int s, int n) {
      int[] start = new int[n + 1];
      int[] index = new int[n * (s / n + 3)];
      int[] weight = new int[index.length];
      int count = 0;
      for (int i = 0; i < n; i++) {
        start[i] = count;
        // interval ends in units of 1/n source pixels: [i*s, (i+1)*s)
        long lo = (long) i * s;
        long hi = (long) (i + 1) * s;
        int first = (int) (lo / n);
        int last = (int) ((hi - 1) / n);
        int sum = 0;
        for (int j = first; j <= last; j++) {
          long a = Math.max(lo, (long) j * n);
          long b = Math.min(hi, (long) (j + 1) * n);
          int w = (int) (((b - a) << WEIGHT_BITS) / s);
          index[count] = j;
          weight[count] = w;
          sum += w;
          count++;
        }
        weight[count - 1] += (1 << WEIGHT_BITS) - sum; // exact sum despite rounding
      }
      start[n] = count;
      return new Taps(start, index, weight);
    }
  }
}
