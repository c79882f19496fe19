package io.actionstream.core.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * TurboJPEG against javax.imageio on the same camera-like JPEGs. The build machine must have
 * Debian's {@code libturbojpeg-java libturbojpeg0-dev} (README.md; {@code .ci/run} installs them).
 */
class JpegDecodersTest {
  private static final JpegDecoder TURBO = JpegDecoders.named("turbojpeg");
  private static final RgbImage SCENE = TestImages.scene(640, 480, 5);
  private static final byte[] JPEG = TestImages.jpeg(SCENE);

  @Test
  void autoShouldChooseTurboJpegWhereItIsInstalled() {
    assertEquals("turbojpeg", JpegDecoders.auto().name());
    assertEquals("imageio", JpegDecoders.named("imageio").name());
    assertThrows(IllegalArgumentException.class, () -> JpegDecoders.named("libjpeg"));
  }

  @Test
  void aMissingBindingShouldSayWhatToInstall() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> TurboJpegDecoder.load(Path.of("/nonexistent.jar")));
    assertTrue(e.getMessage().contains("apt-get install libturbojpeg-java"), e.getMessage());
  }

  @Test
  void bothDecodersShouldGiveTheSamePixelsAtFullSize() throws Exception {
    RgbImage turbo = TURBO.decode(JPEG, 640, 480, 0, 0);
    RgbImage imageio = ImageIoDecoder.INSTANCE.decode(JPEG, 640, 480, 0, 0);
    assertEquals(640, turbo.width());
    int max = TestImages.maxDifference(turbo, imageio);
    System.out.printf(
        "turbojpeg vs imageio, 640x480 q0.85: max |diff| %d, mean %.4f%n",
        max, TestImages.meanDifference(turbo, imageio));
    assertTrue(max <= 2, "max difference " + max);
    assertTrue(TestImages.meanDifference(SCENE, turbo) < 4, "decoded close to the source");
  }

  @Test
  void shouldDecodeAtTheSmallestDctScaleThatCoversTheRequest() throws Exception {
    RgbImage quarter = TURBO.decode(JPEG, 640, 480, 86, 64);
    assertEquals(160, quarter.width()); // 1/8 would give 80x60, under 64 rows
    assertEquals(120, quarter.height());
    RgbImage eighth = TURBO.decode(JPEG, 640, 480, 64, 48);
    assertEquals(80, eighth.width());
    assertEquals(640, TURBO.decode(JPEG, 640, 480, 641, 1).width(), "never above full size");
  }

  @Test
  void shouldRefuseWrongDeclaredSizeTruncatedDataAndCmyk() {
    ImageDecodeException size =
        assertThrows(ImageDecodeException.class, () -> TURBO.decode(JPEG, 64, 64, 0, 0));
    assertEquals(ImageDecodeException.Reason.BAD_DIMENSIONS, size.reason());
    byte[] truncated = Arrays.copyOf(JPEG, JPEG.length / 2);
    ImageDecodeException cut =
        assertThrows(ImageDecodeException.class, () -> TURBO.decode(truncated, 640, 480, 0, 0));
    assertEquals(ImageDecodeException.Reason.UNREADABLE, cut.reason());
    // the decompressor that failed is replaced: the thread's next image decodes
    assertDoesNotThrow(() -> TURBO.decode(JPEG, 640, 480, 0, 0));
  }

  @Test
  void bothDecodersShouldRefuseFourComponentJpeg() throws Exception {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 4, 4, 4, null);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(raster, null, null), null);
    } finally {
      writer.dispose();
    }
    for (JpegDecoder decoder : new JpegDecoder[] {TURBO, ImageIoDecoder.INSTANCE}) {
      ImageDecodeException e =
          assertThrows(
              ImageDecodeException.class, () -> decoder.decode(out.toByteArray(), 4, 4, 0, 0));
      assertEquals(ImageDecodeException.Reason.UNSUPPORTED_COLOUR, e.reason(), decoder.name());
    }
  }
}
