package io.actionstream.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.actionstream.core.clip.Clip;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strip pairs each true next frame with its de-normalised prediction. */
class FrameStripTest {
  static final int T = 4;
  static final int H = 8;
  static final int W = 12;
  static final float[] MEAN = {0.5f, 0.4f, 0.3f};
  static final float[] STD = {0.25f, 0.2f, 0.1f};

  @TempDir Path dir;

  static Clip clip() {
    byte[] pixels = new byte[T * H * W * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7);
    }
    return Clip.of(T, H, W, pixels);
  }

  static int predIndex(int t, int c, int y, int x) {
    return ((t * 3 + c) * H + y) * W + x;
  }

  @Test
  void shouldScaleEightByTwelveFramesByEightAndLayOutTwoRows() throws IOException {
    Path file = dir.resolve("strip.png");
    FrameStrip.write(file, clip(), new float[(T - 1) * 3 * H * W], MEAN, STD);

    BufferedImage image = ImageIO.read(file.toFile());
    int s = FrameStrip.scaleFor(H, W);
    assertEquals(8, s);
    assertEquals(FrameStrip.LABEL_WIDTH + (T - 1) * (W * s + FrameStrip.GAP), image.getWidth());
    assertEquals(FrameStrip.HEADER_HEIGHT + 2 * (H * s + FrameStrip.GAP), image.getHeight());
  }

  @Test
  void predictedPixelShouldBeDeNormalisedAndClamped() {
    float[] predicted = new float[(T - 1) * 3 * H * W];
    // Frame 1 (second column), pixel (y=3, x=5): 1*0.25+0.5, -1*0.2+0.4, 100 -> clamped to 1.
    predicted[predIndex(1, 0, 3, 5)] = 1f;
    predicted[predIndex(1, 1, 3, 5)] = -1f;
    predicted[predIndex(1, 2, 3, 5)] = 100f;
    // Pixel (0, 0) of frame 0 below zero -> clamped to black in red.
    predicted[predIndex(0, 0, 0, 0)] = -10f;

    BufferedImage image = FrameStrip.render(clip(), predicted, MEAN, STD);

    int s = FrameStrip.scaleFor(H, W);
    int x = FrameStrip.LABEL_WIDTH + (W * s + FrameStrip.GAP) + 5 * s;
    int y = FrameStrip.HEADER_HEIGHT + H * s + FrameStrip.GAP + 3 * s;
    int expected = 191 << 16 | 51 << 8 | 255; // round(0.75*255), round(0.2*255), 255
    assertEquals(expected, image.getRGB(x, y) & 0xffffff);
    assertEquals(expected, image.getRGB(x + s - 1, y + s - 1) & 0xffffff, "whole block filled");
    int y0 = FrameStrip.HEADER_HEIGHT + H * s + FrameStrip.GAP;
    int zero = 0 << 16 | 102 << 8 | 77; // red clamped; 0.4 and 0.3 of 255 rounded
    assertEquals(zero, image.getRGB(FrameStrip.LABEL_WIDTH, y0) & 0xffffff);
  }

  @Test
  void truePixelShouldComeFromTheNextFrame() {
    Clip clip = clip();
    BufferedImage image = FrameStrip.render(clip, new float[(T - 1) * 3 * H * W], MEAN, STD);

    int s = FrameStrip.scaleFor(H, W);
    // Column 0 shows frame 1 of the clip; pixel (y=2, x=7).
    int p = clip.frameOffset(1) + (2 * W + 7) * 3;
    byte[] px = clip.pixels();
    int expected = (px[p] & 0xff) << 16 | (px[p + 1] & 0xff) << 8 | (px[p + 2] & 0xff);
    int rgb = image.getRGB(FrameStrip.LABEL_WIDTH + 7 * s, FrameStrip.HEADER_HEIGHT + 2 * s);
    assertEquals(expected, rgb & 0xffffff);
  }

  @Test
  void shouldRejectPredictionOfTheWrongSize() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FrameStrip.render(clip(), new float[10], MEAN, STD));
    assertEquals(true, e.getMessage().contains("got 10"), e.getMessage());
  }

  @Test
  void largeFramesShouldNotBeUpscaled() {
    assertEquals(1, FrameStrip.scaleFor(120, 160));
    assertEquals(2, FrameStrip.scaleFor(48, 48));
  }
}
