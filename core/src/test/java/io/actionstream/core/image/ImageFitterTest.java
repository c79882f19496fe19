package io.actionstream.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageFitterTest {
  private static final JpegDecoder TURBO = JpegDecoders.named("turbojpeg");

  @Test
  void dctScaledDecodingShouldGiveAlmostTheFullDecodesPixels() throws Exception {
    for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
      RgbImage scene = TestImages.scene(size[0], size[1], 9);
      byte[] jpeg = TestImages.jpeg(scene);
      for (ResizePolicy policy :
          new ResizePolicy[] {ResizePolicy.STRETCH, ResizePolicy.CROP, ResizePolicy.LETTERBOX}) {
        RgbImage scaled = new ImageFitter(64, 64, policy, TURBO).jpeg(jpeg, size[0], size[1]);
        RgbImage full =
            Resampler.resize(TURBO.decode(jpeg, size[0], size[1], 0, 0), 64, 64, policy);
        double mean = TestImages.meanDifference(scaled, full);
        System.out.printf(
            "%dx%d %s: DCT-scaled vs full decode, mean |diff| %.3f, max %d%n",
            size[0], size[1], policy, mean, TestImages.maxDifference(scaled, full));
        assertEquals(64, scaled.width());
        assertTrue(mean < 3, policy + " mean difference " + mean);
      }
    }
  }

  @Test
  void shouldDecodeAtTheSmallestDctScaleThatStillCoversTheTarget() throws Exception {
    byte[] jpeg = TestImages.jpeg(TestImages.scene(640, 480, 2));
    int[] decoded = new int[2];
    JpegDecoder recording =
        new JpegDecoder() {
          @Override
          public String name() {
            return "recording";
          }

          @Override
          public RgbImage decode(
              byte[] data, Size declared, java.util.function.UnaryOperator<Size> minimum)
              throws ImageDecodeException {
            RgbImage image = TURBO.decode(data, declared, minimum);
            decoded[0] = image.width();
            decoded[1] = image.height();
            return image;
          }
        };
    // crop to 64x64 needs 64 rows of the 4:3 frame: 1/4 scale (160x120); 1/8 (80x60) is too small
    new ImageFitter(64, 64, ResizePolicy.CROP, recording).jpeg(jpeg, 640, 480);
    assertArrayEquals(new int[] {160, 120}, decoded);
    // letterbox to 64x64 needs 64 columns: 1/8 scale (80x60) covers it
    new ImageFitter(64, 64, ResizePolicy.LETTERBOX, recording).jpeg(jpeg, 640, 480);
    assertArrayEquals(new int[] {80, 60}, decoded);
  }

  @Test
  void noneShouldRefuseOtherSizesAndPassTheTargetSizeThrough() throws Exception {
    RgbImage scene = TestImages.scene(64, 48, 1);
    byte[] jpeg = TestImages.jpeg(scene);
    ImageFitter none = new ImageFitter(64, 64, ResizePolicy.NONE, TURBO);
    ImageDecodeException e =
        assertThrows(ImageDecodeException.class, () -> none.jpeg(jpeg, 64, 48));
    assertEquals(ImageDecodeException.Reason.BAD_DIMENSIONS, e.reason());
    ImageFitter exact = new ImageFitter(64, 48, ResizePolicy.NONE, TURBO);
    assertArrayEquals(TURBO.decode(jpeg, 64, 48, 0, 0).pixels(), exact.jpeg(jpeg, 64, 48).pixels());
  }
}
