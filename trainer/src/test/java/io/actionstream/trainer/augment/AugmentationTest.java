package io.actionstream.trainer.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  private static final int T = 4;
  private static final int H = 24;
  private static final int W = 24;
  private static final int GREY = 120;

  /** A grey clip with a red square of side {@code side} whose centre moves right each frame. */
  private static Clip movingSquare(int side, int r, int g, int b) {
    byte[] px = new byte[T * H * W * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) GREY;
    }
    for (int t = 0; t < T; t++) {
      int x0 = 6 + 2 * t - side / 2;
      int y0 = H / 2 - side / 2;
      for (int y = y0; y < y0 + side; y++) {
        for (int x = x0; x < x0 + side; x++) {
          int o = ((t * H + y) * W + x) * 3;
          px[o] = (byte) r;
          px[o + 1] = (byte) g;
          px[o + 2] = (byte) b;
        }
      }
    }
    return new Clip(T, H, W, px, 7, new long[] {0, 40, 80, 120});
  }

  /** Pixels of frame t that differ from the grey background by more than 20 in some channel. */
  private static boolean[] object(Clip clip, int t) {
    boolean[] on = new boolean[H * W];
    byte[] px = clip.pixels();
    for (int i = 0; i < H * W; i++) {
      int o = clip.frameOffset(t) + i * 3;
      for (int c = 0; c < 3; c++) {
        on[i] |= Math.abs((px[o + c] & 0xFF) - GREY) > 20;
      }
    }
    return on;
  }

  private static double centreX(boolean[] on) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < on.length; i++) {
      if (on[i]) {
        sum += i % W;
        n++;
      }
    }
    return sum / n;
  }

  private static int count(boolean[] on) {
    int n = 0;
    for (boolean b : on) {
      n += b ? 1 : 0;
    }
    return n;
  }

  @Test
  void hueShouldChangeTheObjectsColourButNeitherItsOutlineNorTheGreyBackground() {
    Clip clip = movingSquare(6, 160, 90, 80); // far enough from the RGB cube's faces: no clamping
    int changed = 0;
    for (int seed = 0; seed < 20; seed++) {
      Clip out = Augmentation.HUE.apply(clip, new SplittableRandom(seed));
      byte[] px = out.pixels();
      assertEquals(GREY, px[0] & 0xFF, "grey stays grey");
      for (int t = 0; t < T; t++) {
        assertArrayEquals(object(clip, t), object(out, t), "outline of frame " + t);
      }
      int o = ((H / 2) * W + 6) * 3; // inside the square in frame 0
      int sum = (px[o] & 0xFF) + (px[o + 1] & 0xFF) + (px[o + 2] & 0xFF);
      assertEquals(330, sum, 3, "a rotation about the grey axis keeps r+g+b");
      int moved =
          Math.max(
              Math.abs((px[o] & 0xFF) - 160),
              Math.max(Math.abs((px[o + 1] & 0xFF) - 90), Math.abs((px[o + 2] & 0xFF) - 80)));
      if (moved > 20) {
        changed++;
      }
    }
    assertTrue(changed >= 15, "most angles give another colour, got " + changed + "/20");
  }

  @Test
  void scaleShouldResizeTheObjectAboutTheCentreWithinTheDeclaredRange() {
    Clip clip = movingSquare(8, 40, 200, 60);
    int area = count(object(clip, T - 1)); // the frame where the square is centred
    boolean grew = false;
    boolean shrank = false;
    for (int seed = 0; seed < 40; seed++) {
      double zoom =
          Math.exp(
              (2 * new SplittableRandom(seed).nextDouble() - 1) * Math.log(Augmentation.MAX_ZOOM));
      Clip out = Augmentation.SCALE.apply(clip, new SplittableRandom(seed));
      double ratio = (double) count(object(out, T - 1)) / area;
      assertEquals(8 * zoom, Math.sqrt(count(object(out, T - 1))), 1.5, "side at zoom " + zoom);
      grew |= ratio > 2;
      shrank |= ratio < 0.5;
    }
    assertTrue(grew && shrank, "the range covers small to large and back");
  }

  @Test
  void mirrorShouldTurnAMotionToTheRightIntoOneToTheLeftAndBeItsOwnInverse() {
    Clip clip = movingSquare(4, 220, 40, 40);
    Clip out = Augmentation.MIRROR.apply(clip, new SplittableRandom(1));
    assertTrue(centreX(object(clip, T - 1)) > centreX(object(clip, 0)));
    assertTrue(centreX(object(out, T - 1)) < centreX(object(out, 0)));
    assertArrayEquals(
        clip.pixels(), Augmentation.MIRROR.apply(out, new SplittableRandom(2)).pixels());
    assertEquals(clip.firstFrameIndex(), out.firstFrameIndex());
    assertArrayEquals(clip.captureTimesMs(), out.captureTimesMs());
  }

  @Test
  void reverseShouldPlayTheFramesBackwards() {
    Clip clip = movingSquare(4, 220, 40, 40);
    Clip out = Augmentation.REVERSE.apply(clip, new SplittableRandom(1));
    for (int t = 0; t < T; t++) {
      assertArrayEquals(clip.frame(t), out.frame(T - 1 - t), "frame " + t);
    }
    assertTrue(centreX(object(out, T - 1)) < centreX(object(out, 0)));
  }

  @Test
  void shouldNeverModifyTheInputClip() {
    Clip clip = movingSquare(6, 220, 40, 40);
    byte[] before = clip.pixels().clone();
    for (Augmentation a : Augmentation.values()) {
      Clip out = a.apply(clip, new SplittableRandom(3));
      assertArrayEquals(before, clip.pixels(), a.name());
      assertFalse(out.pixels() == clip.pixels(), a.name());
    }
  }

  @Test
  void shouldParseConfigNamesAndListTheKnownOnes() {
    assertEquals(Augmentation.HUE, Augmentation.parse(" Hue "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("blur"));
    assertEquals("unknown augmentation 'blur'; known: hue, scale, mirror, reverse", e.getMessage());
  }
}
