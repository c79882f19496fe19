package io.actionstream.core.dataset;

import io.actionstream.core.clip.Clip;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the records of one shard file in order through a fixed-size buffer; see {@link ShardFormat}
 * for the layout. Reading a record is two steps, so a caller can skip the pixels of records it
 * filters out: {@link #nextHeader()}, then {@link #readClip(Header)} or {@link
 * #skipPixels(Header)}.
 *
 * <p>Every record is checked against the dataset's {@link ClipShape} before anything of its size is
 * allocated: T, H and W must be the manifest's, a raw payload must be exactly T*H*W*3 bytes and a
 * deflated one at most {@link #deflateBound(long)} of that, so a corrupt length field fails with a
 * {@link DatasetException} instead of allocating up to 4 GiB.
 */
final class ShardRecordReader implements AutoCloseable {
  private static final int BUFFER_BYTES = 1 << 16;

  /** The part of a record before its pixels. */
  record Header(
      long clipIndex,
      String sentence,
      int flags,
      int frames,
      int height,
      int width,
      long firstFrameIndex,
      long[] captureTimesMs,
      int payloadBytes) {}

  private final String name;
  private final ClipShape shape;
  private final DataInputStream in;
  private long offset;
  private int recordNumber;

  /**
   * Reads the shard {@code name}, whose clips must all have {@code shape}, from {@code raw}; closes
   * it if the shard header cannot be read, and on {@link #close()}.
   */
  ShardRecordReader(InputStream raw, String name, ClipShape shape) throws IOException {
    this.name = name;
    this.shape = shape;
    this.in = new DataInputStream(new BufferedInputStream(raw, BUFFER_BYTES));
    try {
      byte[] magic = readBytes(4, "header");
      int version = in.readUnsignedShort();
      in.readUnsignedShort();
      if (!Arrays.equals(magic, ShardFormat.MAGIC)) {
        throw new DatasetException(name + " does not start with magic \"ASDS\"; not a shard file");
      }
      if (version != ShardFormat.VERSION) {
        throw new DatasetException(
            name + " has shard version " + version + "; supported: " + ShardFormat.VERSION);
      }
      offset = ShardFormat.HEADER_BYTES;
    } catch (EOFException e) {
      throw closeAfter(
          new DatasetException("truncated shard " + name + ": shorter than its 8-byte header", e));
    } catch (IOException e) {
      throw closeAfter(e);
    } catch (RuntimeException e) {
      throw closeAfter(e);
    }
  }

  /** Closes the stream after {@code failure}, adding an error while closing as suppressed. */
  private <E extends Exception> E closeAfter(E failure) {
    try {
      in.close();
    } catch (IOException | RuntimeException closeError) {
      failure.addSuppressed(closeError);
    }
    return failure;
  }

  /**
   * The most bytes a deflated (zlib) payload of {@code rawBytes} can take: zlib's {@code
   * compressBound} ({@code n + n/4096 + n/16384 + n/2^25 + 13}) plus 64 bytes of slack.
   */
  static long deflateBound(long rawBytes) {
    return rawBytes + (rawBytes >> 12) + (rawBytes >> 14) + (rawBytes >> 25) + 13 + 64;
  }

  /** The next record's header, or null at the end of the shard. */
  Header nextHeader() throws IOException {
    long start = offset;
    int first = in.read();
    if (first < 0) {
      return null;
    }
    try {
      long length = ((long) first << 24) | (in.readUnsignedByte() << 16) | in.readUnsignedShort();
      int flags = in.readUnsignedByte();
      long clipIndex = in.readLong();
      int textLength = in.readUnsignedShort();
      String sentence = new String(readBytes(textLength, "sentence"), StandardCharsets.UTF_8);
      int t = in.readUnsignedShort();
      int h = in.readUnsignedShort();
      int w = in.readUnsignedShort();
      if (t != shape.frames() || h != shape.height() || w != shape.width()) {
        throw corrupt(
            recordNumber,
            start,
            " (clip "
                + clipIndex
                + ") is "
                + t
                + "x"
                + h
                + "x"
                + w
                + ", the manifest's clip shape is "
                + shape);
      }
      long firstFrame = in.readLong();
      long[] times = new long[t];
      for (int i = 0; i < t; i++) {
        times[i] = in.readLong();
      }
      long payload = in.readInt() & 0xFFFFFFFFL;
      boolean deflated = (flags & ShardFormat.FLAG_DEFLATED) != 0;
      long expected = shape.pixelBytes();
      long maxPayload = deflated ? deflateBound(expected) : expected;
      if (deflated ? payload > maxPayload : payload != expected) {
        throw corrupt(
            recordNumber,
            start,
            " has a "
                + (deflated ? "deflated" : "raw")
                + " payload of "
                + payload
                + " bytes, expected "
                + (deflated ? "at most " + maxPayload : Long.toString(expected))
                + " for "
                + shape
                + " clips");
      }
      long headerBytes = 1 + 8 + 2 + textLength + 6 + 8 + 8L * t + 4;
      if (headerBytes + payload != length || payload > Integer.MAX_VALUE - 8) {
        throw corrupt(
            recordNumber,
            start,
            " says length " + length + " but its fields add up to " + (headerBytes + payload));
      }
      offset = start + 4 + headerBytes;
      return new Header(clipIndex, sentence, flags, t, h, w, firstFrame, times, (int) payload);
    } catch (EOFException e) {
      throw truncated(start);
    }
  }

  /** Reads the pixels of the record whose header was just read. */
  Clip readClip(Header header) throws IOException {
    long start = offset;
    byte[] payload;
    try {
      payload = readBytes(header.payloadBytes(), "pixels");
    } catch (EOFException e) {
      throw truncated(start);
    }
    finishRecord(header);
    long expectedBytes = (long) header.frames() * header.height() * header.width() * Clip.CHANNELS;
    if (expectedBytes > Integer.MAX_VALUE - 8) {
      throw new DatasetException(
          "shard "
              + name
              + ": record "
              + (recordNumber - 1)
              + " would hold "
              + expectedBytes
              + " pixel bytes, more than one clip can hold in memory");
    }
    int expected = (int) expectedBytes;
    byte[] pixels =
        (header.flags() & ShardFormat.FLAG_DEFLATED) != 0 ? inflate(payload, expected) : payload;
    if (pixels.length != expected) {
      throw new DatasetException(
          "corrupt shard "
              + name
              + ": record "
              + (recordNumber - 1)
              + " has "
              + pixels.length
              + " pixel bytes, expected "
              + expected);
    }
    return new Clip(
        header.frames(),
        header.height(),
        header.width(),
        pixels,
        header.firstFrameIndex(),
        header.captureTimesMs());
  }

  /** Skips the pixels of the record whose header was just read. */
  void skipPixels(Header header) throws IOException {
    long start = offset;
    try {
      in.skipNBytes(header.payloadBytes());
    } catch (EOFException e) {
      throw truncated(start);
    }
    finishRecord(header);
  }

  private void finishRecord(Header header) {
    offset += header.payloadBytes();
    recordNumber++;
  }

  /** Number of records read so far. */
  int recordsRead() {
    return recordNumber;
  }

  private byte[] inflate(byte[] payload, int expected) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(payload);
      byte[] out = new byte[expected];
      int n = 0;
      while (n < expected && !inflater.finished()) {
        int got = inflater.inflate(out, n, expected - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      return n == expected ? out : Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      throw new DatasetException(
          "corrupt shard " + name + ": record " + (recordNumber - 1) + " does not inflate", e);
    } finally {
      inflater.end();
    }
  }

  private byte[] readBytes(int n, String what) throws IOException {
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  private DatasetException truncated(long recordStart) {
    return new DatasetException(
        "truncated shard "
            + name
            + ": record "
            + recordNumber
            + " starting at byte "
            + recordStart
            + " ends early");
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** A corrupt-shard error naming the shard, the record and its byte offset. */
  private DatasetException corrupt(long record, long offset, String what) {
    return new DatasetException(
        "corrupt shard " + name + ": record " + record + " at byte " + offset + what);
  }
}
