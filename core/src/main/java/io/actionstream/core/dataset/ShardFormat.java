package io.actionstream.core.dataset;

import io.actionstream.core.clip.Clip;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * The binary layout of a shard file (all integers big-endian, as {@link java.io.DataOutputStream}
 * writes them):
 *
 * <pre>
 * header:  4 bytes magic "ASDS", u16 version (1), u16 reserved (0)
 * record*: u32 length of the rest of the record
 *          u8  flags (bit 0: pixels deflated; other bits 0)
 *          i64 clip index
 *          u16 sentence length n, n bytes UTF-8 sentence text
 *          u16 T, u16 H, u16 W
 *          i64 first frame index
 *          T × i64 capture times (epoch ms)
 *          u32 payload length p, p bytes pixels: T*H*W*3 RGB bytes [t][y][x][rgb],
 *              raw or (flag bit 0) a zlib/deflate stream of them
 * </pre>
 *
 * The file ends after the last record; the manifest gives its clip count, size and SHA-256.
 */
final class ShardFormat {
  static final byte[] MAGIC = {'A', 'S', 'D', 'S'};
  static final int VERSION = 1;
  static final int HEADER_BYTES = 8;
  static final int FLAG_DEFLATED = 1;

  private ShardFormat() {}

  /** Shard file name for shard {@code number}, relative to the dataset directory. */
  static String shardFile(int number) {
    return String.format(java.util.Locale.ROOT, "shards/shard-%05d.bin", number);
  }

  static void writeHeader(DataOutputStream out) throws IOException {
    out.write(MAGIC);
    out.writeShort(VERSION);
    out.writeShort(0);
  }

  /**
   * Writes one record.
   *
   * @return bytes written
   */
  static long writeRecord(
      DataOutputStream out, long clipIndex, String sentence, Clip clip, boolean deflate)
      throws IOException {
    byte[] text = sentence.getBytes(StandardCharsets.UTF_8);
    if (text.length > 0xFFFF) {
      throw new IllegalArgumentException("sentence longer than 65535 UTF-8 bytes: " + sentence);
    }
    byte[] payload = deflate ? deflate(clip.pixels()) : clip.pixels();
    int t = clip.frames();
    long length = 1 + 8 + 2 + text.length + 6 + 8 + 8L * t + 4 + payload.length;
    if (length > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("clip record of " + length + " bytes exceeds 4 GiB");
    }
    out.writeInt((int) length);
    out.writeByte(deflate ? FLAG_DEFLATED : 0);
    out.writeLong(clipIndex);
    out.writeShort(text.length);
    out.write(text);
    out.writeShort(t);
    out.writeShort(clip.height());
    out.writeShort(clip.width());
    out.writeLong(clip.firstFrameIndex());
    for (int i = 0; i < t; i++) {
      out.writeLong(clip.captureTimeMs(i));
    }
    out.writeInt(payload.length);
    out.write(payload);
    return 4 + length;
  }

  private static byte[] deflate(byte[] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(pixels.length / 2 + 64);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (OutputStream z = new DeflaterOutputStream(bytes, deflater)) {
      z.write(pixels);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }
}
