package io.actionstream.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.synth.Vocabulary.Colour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks on the pixels that each word is what the picture shows. Clips are rendered without noise
 * and distractors so that the target is found by colour: body pixels are within {@link #BODY} of
 * the nominal colour (jitter is at most 36), notch pixels within {@link #NOTCH} of half of it.
 */
@Timeout(30)
class LabelMatchesPictureTest {
  private static final int BODY = 45;
  private static final int NOTCH = 30;
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static final GeneratorConfig CLEAN =
      GeneratorConfig.builder().noiseStddev(0).maxDistractors(0).build();
  private final ActionClipGenerator generator = new ActionClipGenerator(CLEAN);

  /** Renders every size × colour × shape with {@code action}, one clip index per combination. */
  private void forEachClipWith(String action, ClipCheck check) {
    long index = 0;
    for (String size : SCHEMA.slot(0).words()) {
      for (String colour : SCHEMA.slot(1).words()) {
        for (String shape : SCHEMA.slot(2).words()) {
          Sentence s = SCHEMA.sentence(size, colour, shape, action);
          LabelledClip c = generator.generate(index++, s);
          check.check(c.clip(), Colour.valueOf(colour.toUpperCase(java.util.Locale.ROOT)).rgb, s);
        }
      }
    }
  }

  private interface ClipCheck {
    void check(Clip clip, int rgb, Sentence sentence);
  }

  private static double[][] track(Clip clip, int rgb) {
    double[][] c = new double[clip.frames()][];
    for (int t = 0; t < clip.frames(); t++) {
      c[t] = ClipProbe.centroid(clip, t, rgb, BODY);
      assertTrue(c[t][2] > 5, "target visible in frame " + t);
    }
    return c;
  }

  private static void assertSlides(String action, int axis, int sign) {
    LabelMatchesPictureTest test = new LabelMatchesPictureTest();
    test.forEachClipWith(
        action,
        (clip, rgb, s) -> {
          double[][] c = track(clip, rgb);
          int last = clip.frames() - 1;
          double extent = axis == 0 ? clip.width() : clip.height();
          double moved = sign * (c[last][axis] - c[0][axis]);
          assertTrue(moved >= 0.25 * extent, s + ": moved only " + moved);
          assertTrue(Math.abs(c[last][1 - axis] - c[0][1 - axis]) < 1.5, s + ": drifted sideways");
          for (int t = 1; t <= last; t++) {
            assertTrue(sign * (c[t][axis] - c[t - 1][axis]) > 0, s + ": not monotonic at " + t);
          }
        });
  }

  @Test
  void shouldMoveTargetLeftWhenSlidingLeft() {
    assertSlides("slides left", 0, -1);
  }

  @Test
  void shouldMoveTargetRightWhenSlidingRight() {
    assertSlides("slides right", 0, 1);
  }

  @Test
  void shouldMoveTargetUpWhenSlidingUp() {
    assertSlides("slides up", 1, -1);
  }

  @Test
  void shouldMoveTargetDownWhenSlidingDown() {
    assertSlides("slides down", 1, 1);
  }

  @Test
  void shouldLiftTargetAndReturnItWhenJumping() {
    forEachClipWith(
        "jumps",
        (clip, rgb, s) -> {
          double[][] c = track(clip, rgb);
          int last = clip.frames() - 1;
          double highest = Double.MAX_VALUE;
          int highestAt = -1;
          for (int t = 0; t <= last; t++) {
            if (c[t][1] < highest) {
              highest = c[t][1];
              highestAt = t;
            }
          }
          assertTrue(c[0][1] - highest >= 0.15 * clip.height(), s + ": jump too low");
          assertTrue(highestAt > 3 && highestAt < last - 3, s + ": peak at frame " + highestAt);
          assertTrue(Math.abs(c[last][1] - c[0][1]) < 1.0, s + ": did not land where it started");
          assertTrue(Math.abs(c[last][0] - c[0][0]) < 1.0, s + ": moved sideways");
        });
  }

  @Test
  void shouldEnlargeTargetWhenGrowing() {
    forEachClipWith(
        "grows",
        (clip, rgb, s) -> {
          double[][] c = track(clip, rgb);
          assertTrue(c[clip.frames() - 1][2] > 2.0 * c[0][2], s + ": " + c[0][2] + " pixels");
        });
  }

  @Test
  void shouldReduceTargetWhenShrinking() {
    forEachClipWith(
        "shrinks",
        (clip, rgb, s) -> {
          double[][] c = track(clip, rgb);
          assertTrue(c[clip.frames() - 1][2] < 0.5 * c[0][2], s + ": " + c[0][2] + " pixels");
        });
  }

  @Test
  void shouldTurnNotchByAtLeastHalfATurnWhenRotating() {
    forEachClipWith(
        "rotates",
        (clip, rgb, s) -> {
          double[][] body = track(clip, rgb);
          int notchRgb = ClipProbe.scaled(rgb, SceneRenderer.NOTCH_DARKNESS);
          double total = 0;
          double previous = Double.NaN;
          for (int t = 0; t < clip.frames(); t++) {
            double[] notch = ClipProbe.centroid(clip, t, notchRgb, NOTCH);
            assertTrue(notch[2] >= 1, s + ": no notch pixels in frame " + t);
            double angle = Math.atan2(notch[1] - body[t][1], notch[0] - body[t][0]);
            if (t > 0) {
              total += Math.IEEEremainder(angle - previous, 2 * Math.PI);
            }
            previous = angle;
          }
          assertTrue(Math.abs(total) >= Math.toRadians(170), s + ": turned " + total);
          int last = clip.frames() - 1;
          double drift = Math.hypot(body[last][0] - body[0][0], body[last][1] - body[0][1]);
          assertTrue(drift < 2.5, s + ": centre moved " + drift);
        });
  }

  @Test
  void shouldDrawLargeTargetWithMorePixelsThanSmall() {
    for (String colour : SCHEMA.slot(1).words()) {
      int rgb = Colour.valueOf(colour.toUpperCase(java.util.Locale.ROOT)).rgb;
      for (String shape : SCHEMA.slot(2).words()) {
        for (long index = 0; index < 3; index++) {
          Clip small =
              generator.generate(index, SCHEMA.sentence("small", colour, shape, "rotates")).clip();
          Clip large =
              generator.generate(index, SCHEMA.sentence("large", colour, shape, "rotates")).clip();
          double smallCount = ClipProbe.centroid(small, 0, rgb, BODY)[2];
          double largeCount = ClipProbe.centroid(large, 0, rgb, BODY)[2];
          assertTrue(
              largeCount > 2.0 * smallCount,
              colour + " " + shape + ": " + largeCount + " vs " + smallCount);
        }
      }
    }
  }

  @Test
  void shouldShowNamedColourAsDominantNonBackgroundColourDespiteNoise() {
    ActionClipGenerator noisy = new ActionClipGenerator(GeneratorConfig.defaults());
    Colour[] palette = Colour.values();
    for (long index = 0; index < 96; index++) {
      LabelledClip c = noisy.generate(index);
      int[] votes = new int[palette.length];
      byte[] p = c.clip().pixels();
      for (int o = 0; o < p.length; o += 3) {
        int r = p[o] & 0xFF;
        int g = p[o + 1] & 0xFF;
        int b = p[o + 2] & 0xFF;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 70) {
          votes[nearest(palette, r, g, b)]++;
        }
      }
      int best = 0;
      for (int k = 1; k < votes.length; k++) {
        best = votes[k] > votes[best] ? k : best;
      }
      assertEquals(c.sentence().word("colour"), palette[best].word, c.sentence() + " at " + index);
    }
  }

  private static int nearest(Colour[] palette, int r, int g, int b) {
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int k = 0; k < palette.length; k++) {
      long dr = r - palette[k].r();
      long dg = g - palette[k].g();
      long db = b - palette[k].b();
      long d = dr * dr + dg * dg + db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  @Test
  void shouldKeepDistractorsStillAndInOtherColoursThanTheTarget() {
    ActionClipGenerator withDistractors =
        new ActionClipGenerator(CLEAN.toBuilder().maxDistractors(4).build());
    int clipsWithDistractors = 0;
    for (long index = 0; index < 40; index++) {
      LabelledClip c = withDistractors.generate(index);
      Clip clip = c.clip();
      boolean any = false;
      for (Colour colour : Colour.values()) {
        boolean[] first = ClipProbe.mask(clip, 0, colour.rgb, BODY);
        if (colour.word.equals(c.sentence().word("colour"))) {
          continue;
        }
        any |= ClipProbe.count(first) > 0;
        for (int t = 1; t < clip.frames(); t++) {
          assertArrayEquals(
              first, ClipProbe.mask(clip, t, colour.rgb, BODY), colour + " moved in " + index);
        }
      }
      clipsWithDistractors += any ? 1 : 0;
      // Compare with the middle frame: a jump ends where it started.
      int rgb = targetRgb(c.sentence());
      boolean[] target0 = ClipProbe.mask(clip, 0, rgb, BODY);
      boolean[] targetMid = ClipProbe.mask(clip, clip.frames() / 2, rgb, BODY);
      assertFalse(java.util.Arrays.equals(target0, targetMid), "target moves in " + index);
    }
    assertTrue(clipsWithDistractors >= 25, "only " + clipsWithDistractors + " clips had any");
  }

  private static int targetRgb(Sentence s) {
    return Colour.valueOf(s.word("colour").toUpperCase(java.util.Locale.ROOT)).rgb;
  }
}
