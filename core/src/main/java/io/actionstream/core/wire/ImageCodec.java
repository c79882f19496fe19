package io.actionstream.core.wire;

import io.actionstream.core.clip.Images;
import io.actionstream.core.image.ImageDecodeException;
import io.actionstream.core.image.ImageFitter;
import io.actionstream.core.image.ImageIoDecoder;
import io.actionstream.core.image.JpegDecoder;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG and JPEG frames: encoded through {@code javax.imageio} in memory; decoded through {@code
 * core.image} (a {@link JpegDecoder} for JPEG, {@link ImageIoDecoder} for PNG), which check the
 * image size from the file header before decoding pixels, with their failures as wire errors.
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
      byte[] data,
      FrameEncoding encoding,
      int width,
      int height,
      JpegDecoder jpeg,
      byte[] dest,
      int offset) {
    RgbImage image =
        decode(
            data, encoding, width, height, new ImageFitter(width, height, ResizePolicy.NONE, jpeg));
    System.arraycopy(image.pixels(), 0, dest, offset, image.pixels().length);
  }

  /**
   * Decodes a PNG or JPEG image declared {@code width}×{@code height} and fits it to the fitter's
   * size.
   *
   * @throws WireFormatException {@link WireError#IMAGE_DECODE_FAILED} if the bytes are not a
   *     readable image of the declared format or its colours are refused, {@link
   *     WireError#BAD_DIMENSIONS} if its size differs from the declared one
   */
  static RgbImage decode(
      byte[] data, FrameEncoding encoding, int width, int height, ImageFitter fitter) {
    try {
      return encoding == FrameEncoding.JPEG
          ? fitter.jpeg(data, width, height)
          : fitter.fit(ImageIoDecoder.read(data, encoding.wireName(), width, height));
    } catch (ImageDecodeException e) {
      throw new WireFormatException(
          e.reason() == ImageDecodeException.Reason.BAD_DIMENSIONS
              ? WireError.BAD_DIMENSIONS
              : WireError.IMAGE_DECODE_FAILED,
          e.getMessage(),
          e);
    }
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
