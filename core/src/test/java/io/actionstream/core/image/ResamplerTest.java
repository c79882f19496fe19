package io.actionstream.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResamplerTest {
  /** A {@code width}×{@code height} image whose pixel (x, y) is {@code f(x, y)} in all channels. */
  private static RgbImage grey(int width, int height, java.util.function.IntBinaryOperator f) {
    byte[] p = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = f.applyAsInt(x, y);
        int o = (y * width + x) * 3;
        p[o] = p[o + 1] = p[o + 2] = (byte) v;
      }
    }
    return new RgbImage(width, height, p);
  }

  private static int at(RgbImage image, int x, int y) {
    return image.pixels()[(y * image.width() + x) * 3] & 0xFF;
  }

  @Test
  void shouldAverageWholeBlocksExactly() {
    RgbImage source = grey(4, 4, (x, y) -> (x / 2) * 100 + (y / 2) * 20 + (x % 2) * 8);
    RgbImage out = Resampler.resize(source, 2, 2, ResizePolicy.STRETCH);
    // each 2x2 block averages (v, v + 8): v + 4
    assertEquals(4, at(out, 0, 0));
    assertEquals(104, at(out, 1, 0));
    assertEquals(24, at(out, 0, 1));
    assertEquals(124, at(out, 1, 1));
  }

  @Test
  void shouldWeighFractionalCoverage() {
    // 3 pixels 0, 90, 180 into 2: [0, 1.5) = (0 + 0.5*90)/1.5 = 30; [1.5, 3) = (0.5*90 + 180)/1.5
    RgbImage out = Resampler.resize(grey(3, 1, (x, y) -> x * 90), 2, 1, ResizePolicy.STRETCH);
    assertEquals(30, at(out, 0, 0));
    assertEquals(150, at(out, 1, 0));
  }

  @Test
  void shouldKeepAUniformImageUniformAtAnySize() {
    RgbImage uniform = grey(641, 479, (x, y) -> 77);
    for (int[] size : new int[][] {{64, 64}, {7, 3}, {1000, 900}, {1, 1}}) {
      for (ResizePolicy p : new ResizePolicy[] {ResizePolicy.STRETCH, ResizePolicy.CROP}) {
        RgbImage out = Resampler.resize(uniform, size[0], size[1], p);
        for (byte b : out.pixels()) {
          assertEquals(77, b & 0xFF, p + " " + size[0] + "x" + size[1]);
        }
      }
    }
  }

  @Test
  void cropShouldTakeTheCentredRegionOfTheTargetAspect() {
    // 8x4, column x has value 10*x: the centred 4x4 region is columns 2..5
    RgbImage out = Resampler.resize(grey(8, 4, (x, y) -> 10 * x), 4, 4, ResizePolicy.CROP);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertEquals(10 * (x + 2), at(out, x, y));
      }
    }
  }

  @Test
  void letterboxShouldFitTheWholeFrameCentredOnBlack() {
    // 8x4 into 4x4: the frame becomes 4x2 at rows 1..2, rows 0 and 3 black
    RgbImage out = Resampler.resize(grey(8, 4, (x, y) -> 200), 4, 4, ResizePolicy.LETTERBOX);
    for (int x = 0; x < 4; x++) {
      assertEquals(0, at(out, x, 0));
      assertEquals(200, at(out, x, 1));
      assertEquals(200, at(out, x, 2));
      assertEquals(0, at(out, x, 3));
    }
  }

  @Test
  void shouldBeDeterministicAndLeaveTheTargetSizeAlone() {
    RgbImage scene = TestImages.scene(640, 480, 3);
    assertArrayEquals(
        Resampler.resize(scene, 64, 64, ResizePolicy.CROP).pixels(),
        Resampler.resize(scene, 64, 64, ResizePolicy.CROP).pixels());
    assertSame(scene, Resampler.resize(scene, 640, 480, ResizePolicy.NONE));
    assertThrows(
        IllegalArgumentException.class, () -> Resampler.resize(scene, 64, 64, ResizePolicy.NONE));
  }
}
