package io.actionstream.trainer.augment;

import io.actionstream.core.clip.Clip;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A pixel transformation of a whole clip that changes one kind of property and leaves the others as
 * they are, with its strength drawn at random per clip. Used by {@link MaskedAugmenter} on the
 * slots a training mask does not ask. Each constant says what it changes in the synthetic clips
 * ({@code docs/training.md}, "Mask-conditioned augmentation").
 */
public enum Augmentation {
  /**
   * Rotates every pixel's hue by one angle drawn uniformly from [0°, 360°) about the grey axis of
   * RGB: changes colour; greys (the background) stay grey, outlines and motion are untouched.
   */
  HUE {
    @Override
    Clip apply(Clip clip, SplittableRandom rng) {
      double angle = 2 * Math.PI * rng.nextDouble();
      double cos = Math.cos(angle);
      double sin = Math.sin(angle);
      double third = (1 - cos) / 3;
      double root = Math.sqrt(1.0 / 3) * sin;
      double a = cos + third;
      double b = third - root;
      double c = third + root;
      byte[] in = clip.pixels();
      byte[] out = new byte[in.length];
      for (int i = 0; i < in.length; i += 3) {
        int r = in[i] & 0xFF;
        int g = in[i + 1] & 0xFF;
        int bl = in[i + 2] & 0xFF;
        out[i] = clampByte(a * r + b * g + c * bl);
        out[i + 1] = clampByte(c * r + a * g + b * bl);
        out[i + 2] = clampByte(b * r + c * g + a * bl);
      }
      return copy(clip, out);
    }
  },
  /**
   * Zooms every frame about its centre by one factor drawn log-uniformly from [1/1.8, 1.8] (the
   * ratio of the large to the small object diameter is 1.78), bilinear, edges repeated: changes
   * size. Motion scales with the frame, so slides still slide; an object near the border may be cut
   * off when zooming in.
   */
  SCALE {
    @Override
    Clip apply(Clip clip, SplittableRandom rng) {
      double zoom = Math.exp((2 * rng.nextDouble() - 1) * Math.log(MAX_ZOOM));
      int h = clip.height();
      int w = clip.width();
      byte[] in = clip.pixels();
      byte[] out = new byte[in.length];
      for (int t = 0; t < clip.frames(); t++) {
        int base = clip.frameOffset(t);
        for (int y = 0; y < h; y++) {
          double sy = clampCoord((y + 0.5 - h / 2.0) / zoom + h / 2.0 - 0.5, h);
          int y0 = (int) sy;
          int y1 = Math.min(y0 + 1, h - 1);
          double fy = sy - y0;
          for (int x = 0; x < w; x++) {
            double sx = clampCoord((x + 0.5 - w / 2.0) / zoom + w / 2.0 - 0.5, w);
            int x0 = (int) sx;
            int x1 = Math.min(x0 + 1, w - 1);
            double fx = sx - x0;
            for (int ch = 0; ch < Clip.CHANNELS; ch++) {
              double top =
                  (1 - fx) * (in[base + (y0 * w + x0) * 3 + ch] & 0xFF)
                      + fx * (in[base + (y0 * w + x1) * 3 + ch] & 0xFF);
              double bottom =
                  (1 - fx) * (in[base + (y1 * w + x0) * 3 + ch] & 0xFF)
                      + fx * (in[base + (y1 * w + x1) * 3 + ch] & 0xFF);
              out[base + (y * w + x) * 3 + ch] = clampByte((1 - fy) * top + fy * bottom);
            }
          }
        }
      }
      return copy(clip, out);
    }
  },
  /**
   * Mirrors every frame left to right: turns "slides left" into "slides right" and back; the shapes
   * are mirror-symmetric up to rotation, so nothing else changes.
   */
  MIRROR {
    @Override
    Clip apply(Clip clip, SplittableRandom rng) {
      int w = clip.width();
      byte[] in = clip.pixels();
      byte[] out = new byte[in.length];
      int rows = clip.frames() * clip.height();
      for (int row = 0; row < rows; row++) {
        int base = row * w * 3;
        for (int x = 0; x < w; x++) {
          System.arraycopy(in, base + x * 3, out, base + (w - 1 - x) * 3, 3);
        }
      }
      return copy(clip, out);
    }
  },
  /**
   * Plays the frames backwards: swaps left/right, up/down and grows/shrinks. A clip that grows from
   * its nominal size then starts larger than its size word says, so this also changes the apparent
   * size: declare it on {@code action+size}.
   */
  REVERSE {
    @Override
    Clip apply(Clip clip, SplittableRandom rng) {
      byte[] in = clip.pixels();
      byte[] out = new byte[in.length];
      int frameBytes = clip.frameBytes();
      int frames = clip.frames();
      for (int t = 0; t < frames; t++) {
        System.arraycopy(in, t * frameBytes, out, (frames - 1 - t) * frameBytes, frameBytes);
      }
      return copy(clip, out);
    }
  };

  /** The largest zoom of {@link #SCALE}, and the inverse of its smallest. */
  static final double MAX_ZOOM = 1.8;

  /**
   * Returns a transformed copy of {@code clip} (same shape, frame indices and capture times); the
   * input is not modified.
   */
  abstract Clip apply(Clip clip, SplittableRandom rng);

  /** The name as written in configs. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a config name (any case).
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static Augmentation parse(String name) {
    for (Augmentation a : values()) {
      if (a.configName().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown augmentation '" + name + "'; known: hue, scale, mirror, reverse");
  }

  private static Clip copy(Clip clip, byte[] pixels) {
    return new Clip(
        clip.frames(),
        clip.height(),
        clip.width(),
        pixels,
        clip.firstFrameIndex(),
        clip.captureTimesMs());
  }

  private static double clampCoord(double v, int size) {
    return v < 0 ? 0 : Math.min(v, size - 1);
  }

  private static byte clampByte(double v) {
    long r = Math.round(v);
    return (byte) (r < 0 ? 0 : Math.min(r, 255));
  }
}
