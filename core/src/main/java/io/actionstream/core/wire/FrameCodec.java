package io.actionstream.core.wire;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.image.ImageDecodeException;
import io.actionstream.core.image.ImageFitter;
import io.actionstream.core.image.JpegDecoder;
import io.actionstream.core.image.JpegDecoders;
import io.actionstream.core.image.RgbImage;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * Reads and writes frame records: metadata in Kafka headers ({@link WireHeaders}), the encoded
 * image in the value. Reading checks the headers and limits; pixels are decoded on demand by {@link
 * #decodeRgb(Frame)}. Immutable and thread-safe.
 */
public final class FrameCodec {
  /** The JPEG quality used unless another is given. */
  public static final float DEFAULT_JPEG_QUALITY = 0.9f;

  private final WireLimits limits;
  private final float jpegQuality;
  private final JpegDecoder jpegDecoder;

  /** A codec with {@link WireLimits#DEFAULT} and {@link #DEFAULT_JPEG_QUALITY}. */
  public FrameCodec() {
    this(WireLimits.DEFAULT, DEFAULT_JPEG_QUALITY);
  }

  /**
   * A codec with the given limits and JPEG quality, decoding JPEG with {@link JpegDecoders#auto()}.
   *
   * @param jpegQuality JPEG quality in 0..1
   */
  public FrameCodec(WireLimits limits, float jpegQuality) {
    this(limits, jpegQuality, JpegDecoders.auto());
  }

  /**
   * A codec with the given limits, JPEG quality and JPEG decoder.
   *
   * @param jpegQuality JPEG quality in 0..1
   */
  public FrameCodec(WireLimits limits, float jpegQuality, JpegDecoder jpegDecoder) {
    this.jpegDecoder = Objects.requireNonNull(jpegDecoder, "jpegDecoder");
    this.limits = Objects.requireNonNull(limits, "limits");
    if (!(jpegQuality >= 0f && jpegQuality <= 1f)) {
      throw new IllegalArgumentException("jpegQuality must be in 0..1, got " + jpegQuality);
    }
    this.jpegQuality = jpegQuality;
  }

  /** The JPEG decoder. */
  public JpegDecoder jpegDecoder() {
    return jpegDecoder;
  }

  /** The limits this codec enforces. */
  public WireLimits limits() {
    return limits;
  }

  /**
   * Reads and checks the frame headers.
   *
   * @throws WireFormatException MISSING_HEADER, MALFORMED_HEADER, UNSUPPORTED_VERSION,
   *     UNSUPPORTED_ENCODING, BAD_DIMENSIONS or OVERSIZE
   */
  public FrameMetadata readHeaders(Headers headers) {
    String version = HeaderValues.requireText(headers, WireHeaders.VERSION);
    if (!WireHeaders.CURRENT_VERSION.equals(version)) {
      throw new WireFormatException(
          WireError.UNSUPPORTED_VERSION,
          WireHeaders.VERSION
              + ": expected '"
              + WireHeaders.CURRENT_VERSION
              + "', got '"
              + version
              + "'");
    }
    long index = HeaderValues.requireLong(headers, WireHeaders.FRAME_INDEX, 0, Long.MAX_VALUE);
    long captureMs = HeaderValues.requireLong(headers, WireHeaders.CAPTURE_MS, 0, Long.MAX_VALUE);
    long width = HeaderValues.requireNumber(headers, WireHeaders.WIDTH, "1.." + limits.maxWidth());
    long height =
        HeaderValues.requireNumber(headers, WireHeaders.HEIGHT, "1.." + limits.maxHeight());
    FrameEncoding encoding =
        FrameEncoding.fromWireName(HeaderValues.requireText(headers, WireHeaders.ENCODING));
    limits.checkDimensions("frame", width, height);
    return new FrameMetadata(index, captureMs, (int) width, (int) height, encoding);
  }

  /** Writes the frame headers, replacing any earlier headers of the same names. */
  public void writeHeaders(FrameMetadata metadata, Headers headers) {
    HeaderValues.put(headers, WireHeaders.VERSION, WireHeaders.CURRENT_VERSION);
    HeaderValues.put(headers, WireHeaders.FRAME_INDEX, Long.toString(metadata.frameIndex()));
    HeaderValues.put(headers, WireHeaders.CAPTURE_MS, Long.toString(metadata.captureTimeMs()));
    HeaderValues.put(headers, WireHeaders.WIDTH, Integer.toString(metadata.width()));
    HeaderValues.put(headers, WireHeaders.HEIGHT, Integer.toString(metadata.height()));
    HeaderValues.put(headers, WireHeaders.ENCODING, metadata.encoding().wireName());
  }

  /**
   * Reads a frame record: checks headers, record size and, for raw frames, the byte count. PNG and
   * JPEG pixels are checked when decoded.
   *
   * @throws WireFormatException as {@link #readHeaders(Headers)}, plus OVERSIZE and SIZE_MISMATCH
   */
  public Frame read(Headers headers, byte[] value) {
    Objects.requireNonNull(value, "value");
    limits.checkRecordBytes("frame value", value.length);
    FrameMetadata metadata = readHeaders(headers);
    checkRawSize(metadata, value.length);
    return new Frame(metadata, value);
  }

  /**
   * Decodes a frame to {@code height*width*3} RGB bytes, {@code [y][x][r,g,b]}.
   *
   * @throws WireFormatException SIZE_MISMATCH, IMAGE_DECODE_FAILED, BAD_DIMENSIONS or OVERSIZE
   *     (dimensions or decoded size over the limits, checked before allocating)
   */
  public byte[] decodeRgb(Frame frame) {
    FrameMetadata m = frame.metadata();
    checkDecodable(m);
    byte[] rgb = new byte[Math.toIntExact(m.rgbBytes())];
    decodeRgb(frame, rgb, 0);
    return rgb;
  }

  /** Decodes a frame into {@code dest} from {@code offset}; see {@link #decodeRgb(Frame)}. */
  public void decodeRgb(Frame frame, byte[] dest, int offset) {
    FrameMetadata m = frame.metadata();
    checkDecodable(m);
    switch (m.encoding()) {
      case RAW_RGB8 -> {
        checkRawSize(m, frame.data().length);
        System.arraycopy(frame.data(), 0, dest, offset, frame.data().length);
      }
      case PNG, JPEG ->
          ImageCodec.decode(
              frame.data(), m.encoding(), m.width(), m.height(), jpegDecoder, dest, offset);
    }
  }

  /**
   * Decodes a frame and fits it to {@code fitter}'s size and policy (JPEG decoded at a reduced DCT
   * scale where the fitter's decoder can).
   *
   * @throws WireFormatException as {@link #decodeRgb(Frame)}; BAD_DIMENSIONS also when the policy
   *     is {@code none} and the frame is not the fitter's size
   */
  public RgbImage decode(Frame frame, ImageFitter fitter) {
    FrameMetadata m = frame.metadata();
    checkDecodable(m);
    if (m.encoding() != FrameEncoding.RAW_RGB8) {
      return ImageCodec.decode(frame.data(), m.encoding(), m.width(), m.height(), fitter);
    }
    checkRawSize(m, frame.data().length);
    try {
      return fitter.fit(new RgbImage(m.width(), m.height(), frame.data()));
    } catch (ImageDecodeException e) {
      throw new WireFormatException(WireError.BAD_DIMENSIONS, e.getMessage(), e);
    }
  }

  /**
   * Encodes RGB pixels as a frame.
   *
   * @param rgb {@code height*width*3} bytes, {@code [y][x][r,g,b]}
   * @throws WireFormatException SIZE_MISMATCH if {@code rgb} has another length, BAD_DIMENSIONS,
   *     OVERSIZE or IMAGE_ENCODE_FAILED
   */
  public Frame encode(
      long frameIndex,
      long captureTimeMs,
      int width,
      int height,
      byte[] rgb,
      FrameEncoding encoding) {
    FrameMetadata m = new FrameMetadata(frameIndex, captureTimeMs, width, height, encoding);
    limits.checkDimensions("frame", width, height);
    if (rgb.length != m.rgbBytes()) {
      throw new WireFormatException(
          WireError.SIZE_MISMATCH,
          "RGB pixels of "
              + width
              + "x"
              + height
              + ": expected "
              + m.rgbBytes()
              + " bytes (W*H*3), got "
              + rgb.length);
    }
    return new Frame(m, encodePixels(rgb, 0, width, height, encoding));
  }

  /** Encodes frame {@code t} of a clip, with its stream index and capture time. */
  public Frame encode(Clip clip, int t, FrameEncoding encoding) {
    FrameMetadata m =
        new FrameMetadata(
            clip.firstFrameIndex() + t,
            clip.captureTimeMs(t),
            clip.width(),
            clip.height(),
            encoding);
    limits.checkDimensions("frame", clip.width(), clip.height());
    return new Frame(
        m, encodePixels(clip.pixels(), clip.frameOffset(t), clip.width(), clip.height(), encoding));
  }

  byte[] encodePixels(byte[] rgb, int offset, int width, int height, FrameEncoding encoding) {
    return switch (encoding) {
      case RAW_RGB8 -> Arrays.copyOfRange(rgb, offset, offset + width * height * 3);
      case PNG, JPEG -> ImageCodec.encode(rgb, offset, width, height, encoding, jpegQuality);
    };
  }

  /** Dimensions and decoded size (W*H*3, in long) within the limits. */
  private void checkDecodable(FrameMetadata m) {
    limits.checkDimensions("frame", m.width(), m.height());
    limits.checkDecodedBytes("frame", m.rgbBytes());
  }

  private static void checkRawSize(FrameMetadata m, long length) {
    if (m.encoding() == FrameEncoding.RAW_RGB8 && length != m.rgbBytes()) {
      throw new WireFormatException(
          WireError.SIZE_MISMATCH,
          "raw frame of "
              + m.width()
              + "x"
              + m.height()
              + ": expected "
              + m.rgbBytes()
              + " bytes (W*H*3), got "
              + length);
    }
  }
}
