package io.actionstream.core.image;

import io.actionstream.core.clip.Images;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * PNG and JPEG decoding through {@code javax.imageio}, in memory only (no disk cache): the
 * pure-Java path, always available. The image size is read from the file header and checked before
 * any pixel is decoded, so a small file that declares a huge image is refused before pixel memory
 * is allocated. As a {@link JpegDecoder} it always decodes at full size.
 */
public final class ImageIoDecoder implements JpegDecoder {
  /** The instance (stateless). */
  public static final ImageIoDecoder INSTANCE = new ImageIoDecoder();

  private ImageIoDecoder() {}

  @Override
  public String name() {
    return "imageio";
  }

  @Override
  public RgbImage decode(byte[] jpeg, Size declared, UnaryOperator<Size> minimum)
      throws ImageDecodeException {
    return read(
        jpeg,
        "jpeg",
        declared == null ? 0 : declared.width(),
        declared == null ? 0 : declared.height());
  }

  /**
   * Decodes a PNG or JPEG ({@code format} {@code png} or {@code jpeg}) that must be {@code
   * width}×{@code height} (0×0: any size).
   *
   * @throws ImageDecodeException UNREADABLE, BAD_DIMENSIONS or UNSUPPORTED_COLOUR
   */
  public static RgbImage read(byte[] data, String format, int width, int height)
      throws ImageDecodeException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new ImageDecodeException(
          ImageDecodeException.Reason.UNREADABLE, "no image reader for " + format, null);
    }
    ImageReader reader = readers.next();
    BufferedImage image;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in, true, true);
      int w = reader.getWidth(0);
      int h = reader.getHeight(0);
      if (width > 0 && (w != width || h != height)) {
        throw ImageDecodeException.badDimensions(format, width, height, w, h);
      }
      int components =
          format.equals("jpeg")
              ? jpegComponents(reader)
              : reader.getRawImageType(0) == null
                  ? 3
                  : reader.getRawImageType(0).getColorModel().getNumColorComponents();
      if (components != 1 && components != 3) {
        throw ImageDecodeException.unsupportedColour(format, components);
      }
      image = reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw ImageDecodeException.unreadable(format, data.length, e);
    } finally {
      reader.dispose();
    }
    byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
    toRgb(image, rgb, 0);
    return new RgbImage(image.getWidth(), image.getHeight(), rgb);
  }

  /** The number of components the JPEG's frame header declares (1 grey, 3 YCbCr, 4 CMYK/YCCK). */
  private static int jpegComponents(ImageReader reader) throws IOException {
    Node root = reader.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
    NodeList sofs = ((Element) root).getElementsByTagName("sof");
    if (sofs.getLength() == 0) {
      return 3;
    }
    return ((Element) sofs.item(0)).getElementsByTagName("componentSpec").getLength();
  }

  /** Converts any decoded image to RGB bytes; grey becomes r=g=b, alpha is dropped. */
  private static void toRgb(BufferedImage image, byte[] dest, int offset) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    int components = cm.getNumColorComponents();
    boolean direct =
        cm instanceof ComponentColorModel
            && (components == 1 || (components == 3 && cm.getColorSpace().isCS_sRGB()));
    if (!direct || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      // Indexed, packed and 3-byte BGR images: sRGB conversion through the standard path.
      Images.toRgbBytes(image, dest, offset);
      return;
    }
    // Component images (grey, grey+alpha, RGB(A), 8 or 16 bits): read samples directly, because
    // getRGB would apply a gamma conversion to linear grey.
    int w = image.getWidth();
    int h = image.getHeight();
    int bands = raster.getNumBands();
    int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
    int[] row = new int[w * bands];
    int o = offset;
    for (int y = 0; y < h; y++) {
      raster.getPixels(0, y, w, 1, row);
      for (int x = 0; x < w; x++) {
        int p = x * bands;
        if (components == 1) {
          byte g = (byte) (row[p] >> shift);
          dest[o++] = g;
          dest[o++] = g;
          dest[o++] = g;
        } else {
          dest[o++] = (byte) (row[p] >> shift);
          dest[o++] = (byte) (row[p + 1] >> shift);
          dest[o++] = (byte) (row[p + 2] >> shift);
        }
      }
    }
  }
}
