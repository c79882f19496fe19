package io.actionstream.core.wire;

import io.actionstream.core.clip.Images;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * PNG and JPEG through {@code javax.imageio}, in memory only (no disk cache). Decoding checks the
 * image size from the file header before it decodes pixels, so a small file that declares a huge
 * image is refused before any pixel memory is allocated.
 */
final class ImageCodec {
  private ImageCodec() {}

  /** Encodes {@code width*height*3} RGB bytes from {@code offset} as PNG or JPEG. */
  static byte[] encode(
      byte[] rgb, int offset, int width, int height, FrameEncoding encoding, float jpegQuality) {
    BufferedImage image = Images.fromRgbBytes(rgb, offset, width, height);
    ImageWriter writer = writer(encoding);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (encoding == FrameEncoding.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpegQuality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(
          WireError.IMAGE_ENCODE_FAILED,
          "could not encode a " + width + "x" + height + " frame as " + encoding.wireName(),
          e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a PNG or JPEG image of exactly {@code width}×{@code height} into RGB bytes at {@code
   * offset} of {@code dest}.
   *
   * @throws WireFormatException {@link WireError#IMAGE_DECODE_FAILED} if the bytes are not a
   *     readable image of the declared format, {@link WireError#BAD_DIMENSIONS} if its size differs
   */
  static void decode(
      byte[] data, FrameEncoding encoding, int width, int height, byte[] dest, int offset) {
    ImageReader reader = reader(encoding);
    BufferedImage image;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in, true, true);
      int w = reader.getWidth(0);
      int h = reader.getHeight(0);
      if (w != width || h != height) {
        throw new WireFormatException(
            WireError.BAD_DIMENSIONS,
            encoding.wireName()
                + " image: expected "
                + width
                + "x"
                + height
                + " as declared, got "
                + w
                + "x"
                + h);
      }
      int components =
          encoding == FrameEncoding.JPEG
              ? jpegComponents(reader)
              : reader.getRawImageType(0) == null
                  ? 3
                  : reader.getRawImageType(0).getColorModel().getNumColorComponents();
      image = reader.read(0);
      if (components != 1 && components != 3) {
        throw new WireFormatException(
            WireError.IMAGE_DECODE_FAILED,
            encoding.wireName()
                + " image: expected grey or RGB/YCbCr, got "
                + components
                + " colour components (CMYK is refused)");
      }
    } catch (WireFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(
          WireError.IMAGE_DECODE_FAILED,
          "expected a " + encoding.wireName() + " image of " + data.length + " bytes, got: " + e,
          e);
    } finally {
      reader.dispose();
    }
    toRgb(image, dest, offset);
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
  static void toRgb(BufferedImage image, byte[] dest, int offset) {
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

  private static ImageReader reader(FrameEncoding encoding) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(encoding.wireName());
    if (!readers.hasNext()) {
      throw new WireFormatException(
          WireError.IMAGE_DECODE_FAILED, "no image reader for " + encoding.wireName());
    }
    return readers.next();
  }

  private static ImageWriter writer(FrameEncoding encoding) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(encoding.wireName());
    if (!writers.hasNext()) {
      throw new WireFormatException(
          WireError.IMAGE_ENCODE_FAILED, "no image writer for " + encoding.wireName());
    }
    return writers.next();
  }
}
