package io.actionstream.core.wire;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.image.JpegDecoder;
import io.actionstream.core.image.JpegDecoders;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads and writes the binary clip record (big-endian):
 *
 * <pre>
 * offset size field
 *      0    4 magic "ASCL" (0x41 0x53 0x43 0x4C)
 *      4    1 version, u8 = 1
 *      5    1 encoding, u8: 0 raw, 1 png, 2 jpeg
 *      6    2 T, u16 frames
 *      8    2 H, u16 height
 *     10    2 W, u16 width
 *     12    8 firstFrameIndex, i64
 *     20      T times: captureMs i64, length u32, length bytes of the frame
 * </pre>
 *
 * Every frame of a clip uses the same encoding; raw frames hold exactly H*W*3 bytes. Immutable and
 * thread-safe.
 */
public final class ClipCodec {
  /** The magic bytes {@code ASCL}. */
  public static final byte[] MAGIC = "ASCL".getBytes(StandardCharsets.US_ASCII);

  /** The version this code writes and reads. */
  public static final int VERSION = 1;

  /** Bytes before the first frame. */
  public static final int HEADER_BYTES = 20;

  /** Bytes before each frame's data (capture time and length). */
  public static final int FRAME_HEADER_BYTES = 12;

  private static final int U16_MAX = 0xFFFF;

  private final FrameEncoding encoding;
  private final WireLimits limits;
  private final FrameCodec frames;
  private final JpegDecoder jpeg;

  /** A codec writing raw frames, with default limits. */
  public ClipCodec() {
    this(FrameEncoding.RAW_RGB8, WireLimits.DEFAULT);
  }

  /** A codec writing frames in {@code encoding}, with default JPEG quality. */
  public ClipCodec(FrameEncoding encoding, WireLimits limits) {
    this(encoding, limits, FrameCodec.DEFAULT_JPEG_QUALITY);
  }

  /**
   * A codec writing frames in {@code encoding} at the given JPEG quality (0..1), decoding JPEG
   * frames with {@link JpegDecoders#auto()}.
   */
  public ClipCodec(FrameEncoding encoding, WireLimits limits, float jpegQuality) {
    this(encoding, limits, jpegQuality, JpegDecoders.auto());
  }

  /**
   * A codec writing frames in {@code encoding} at the given JPEG quality (0..1), decoding JPEG
   * frames with {@code jpeg} (the service passes its {@code frames.jpeg.decoder}, so clips and
   * frames decode alike).
   */
  public ClipCodec(FrameEncoding encoding, WireLimits limits, float jpegQuality, JpegDecoder jpeg) {
    this.encoding = Objects.requireNonNull(encoding, "encoding");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.jpeg = Objects.requireNonNull(jpeg, "jpeg");
    this.frames = new FrameCodec(limits, jpegQuality, jpeg);
  }

  /** The limits this codec enforces. */
  public WireLimits limits() {
    return limits;
  }

  /**
   * The encoded size of a clip of raw frames: {@code 20 + T*(12 + H*W*3)} bytes, in long (it
   * exceeds an int for large T, H and W).
   */
  public static long rawEncodedBytes(int frames, int height, int width) {
    return HEADER_BYTES + (long) frames * (FRAME_HEADER_BYTES + (long) height * width * 3);
  }

  /** The encoding this codec writes (it reads all encodings). */
  public FrameEncoding encoding() {
    return encoding;
  }

  /**
   * Encodes a clip.
   *
   * @throws WireFormatException OVERSIZE if the clip exceeds the limits or the u16 fields,
   *     IMAGE_ENCODE_FAILED if a frame cannot be compressed
   */
  public byte[] encode(Clip clip) {
    if (clip.frames() > Math.min(limits.maxFrames(), U16_MAX)) {
      throw new WireFormatException(
          WireError.OVERSIZE,
          "clip: expected at most " + limits.maxFrames() + " frames, got " + clip.frames());
    }
    limits.checkDimensions("clip", clip.width(), clip.height());
    if (clip.firstFrameIndex() < 0) {
      throw new WireFormatException(
          WireError.INVALID_FIELD,
          "clip: expected firstFrameIndex >= 0, got " + clip.firstFrameIndex());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER_BYTES + clip.pixels().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeByte(VERSION);
      out.writeByte(encoding.code());
      out.writeShort(clip.frames());
      out.writeShort(clip.height());
      out.writeShort(clip.width());
      out.writeLong(clip.firstFrameIndex());
      for (int t = 0; t < clip.frames(); t++) {
        byte[] data =
            frames.encodePixels(
                clip.pixels(), clip.frameOffset(t), clip.width(), clip.height(), encoding);
        out.writeLong(clip.captureTimeMs(t));
        out.writeInt(data.length);
        out.write(data);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
    limits.checkRecordBytes("clip value", bytes.size());
    return bytes.toByteArray();
  }

  /**
   * Decodes a clip.
   *
   * @throws WireFormatException OVERSIZE, TRUNCATED, BAD_MAGIC, UNSUPPORTED_VERSION,
   *     UNSUPPORTED_ENCODING, FRAME_COUNT (T = 0), BAD_DIMENSIONS, INVALID_FIELD (negative index or
   *     time), SIZE_MISMATCH, IMAGE_DECODE_FAILED or TRAILING_BYTES
   */
  public Clip decode(byte[] data) {
    Objects.requireNonNull(data, "data");
    limits.checkRecordBytes("clip value", data.length);
    if (data.length < MAGIC.length) {
      throw truncated("magic", MAGIC.length, data.length);
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        throw new WireFormatException(
            WireError.BAD_MAGIC,
            "clip: expected magic 41 53 43 4C (ASCL), got " + hex(data, 0, MAGIC.length));
      }
    }
    if (data.length < HEADER_BYTES) {
      throw truncated("clip header", HEADER_BYTES, data.length);
    }
    ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
    in.position(MAGIC.length);
    int version = Byte.toUnsignedInt(in.get());
    if (version != VERSION) {
      throw new WireFormatException(
          WireError.UNSUPPORTED_VERSION, "clip: expected version " + VERSION + ", got " + version);
    }
    FrameEncoding frameEncoding = FrameEncoding.fromCode(Byte.toUnsignedInt(in.get()));
    int t = Short.toUnsignedInt(in.getShort());
    int h = Short.toUnsignedInt(in.getShort());
    int w = Short.toUnsignedInt(in.getShort());
    long first = in.getLong();
    if (t == 0) {
      throw new WireFormatException(WireError.FRAME_COUNT, "clip: expected T >= 1, got 0");
    }
    if (t > limits.maxFrames()) {
      throw new WireFormatException(
          WireError.OVERSIZE, "clip: expected at most " + limits.maxFrames() + " frames, got " + t);
    }
    limits.checkDimensions("clip", w, h);
    // In long: with limits up to 65535x65535, H*W*3 does not fit an int. The decoded-size check
    // bounds both products by maxDecodedBytes (< 2^31) before anything is allocated.
    long frameBytesLong = (long) h * w * 3;
    long pixelBytes = t * frameBytesLong;
    limits.checkDecodedBytes("clip", pixelBytes);
    int frameBytes = Math.toIntExact(frameBytesLong);
    if (first < 0) {
      throw new WireFormatException(
          WireError.INVALID_FIELD, "clip: expected firstFrameIndex >= 0, got " + first);
    }
    byte[] pixels = new byte[Math.toIntExact(pixelBytes)];
    long[] times = new long[t];
    for (int i = 0; i < t; i++) {
      if (in.remaining() < FRAME_HEADER_BYTES) {
        throw truncated("frame " + i + " header", FRAME_HEADER_BYTES, in.remaining());
      }
      times[i] = in.getLong();
      if (times[i] < 0) {
        throw new WireFormatException(
            WireError.INVALID_FIELD,
            "clip frame " + i + ": expected captureMs >= 0, got " + times[i]);
      }
      long length = Integer.toUnsignedLong(in.getInt());
      if (frameEncoding == FrameEncoding.RAW_RGB8 && length != frameBytes) {
        throw new WireFormatException(
            WireError.SIZE_MISMATCH,
            "clip frame "
                + i
                + " (raw "
                + w
                + "x"
                + h
                + "): expected "
                + frameBytes
                + " bytes (W*H*3), got "
                + length);
      }
      if (length > in.remaining()) {
        throw truncated("frame " + i + " data", length, in.remaining());
      }
      int start = in.position();
      in.position(start + (int) length);
      if (frameEncoding == FrameEncoding.RAW_RGB8) {
        System.arraycopy(data, start, pixels, i * frameBytes, frameBytes);
      } else {
        byte[] image = new byte[(int) length];
        System.arraycopy(data, start, image, 0, image.length);
        ImageCodec.decode(image, frameEncoding, w, h, jpeg, pixels, i * frameBytes);
      }
    }
    if (in.hasRemaining()) {
      throw new WireFormatException(
          WireError.TRAILING_BYTES,
          "clip: expected "
              + in.position()
              + " bytes for "
              + t
              + " frames, got "
              + data.length
              + " ("
              + in.remaining()
              + " trailing)");
    }
    return new Clip(t, h, w, pixels, first, times);
  }

  /**
   * Checks that a clip has the number of frames a model expects.
   *
   * @throws WireFormatException {@link WireError#FRAME_COUNT} if {@code clip.frames() != expected}
   */
  public static void checkFrameCount(Clip clip, int expected) {
    if (clip.frames() != expected) {
      throw new WireFormatException(
          WireError.FRAME_COUNT,
          "clip: expected T=" + expected + " frames (model input), got " + clip.frames());
    }
  }

  private static WireFormatException truncated(String what, long expected, long got) {
    return new WireFormatException(
        WireError.TRUNCATED, "clip " + what + ": expected " + expected + " more bytes, got " + got);
  }

  private static String hex(byte[] data, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(String.format("%02X", data[i]));
    }
    return sb.toString();
  }
}
