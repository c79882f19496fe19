package io.actionstream.streams.topology;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Small frames and clips for tests: every pixel byte of frame i is {@code value(i)}. */
public final class TestFrames {
  /** Test frame width and height. */
  public static final int SIZE = 4;

  /** Capture time of frame 0. */
  public static final long T0 = 1_764_150_000_000L;

  private TestFrames() {}

  /** The pixel value of frame {@code index}. */
  public static int value(long index) {
    return (int) (10 + index * 7 % 200);
  }

  /** Raw RGB bytes of frame {@code index} at {@code size}×{@code size}. */
  public static byte[] rgb(long index, int size) {
    byte[] rgb = new byte[size * size * 3];
    Arrays.fill(rgb, (byte) value(index));
    return rgb;
  }

  /** Capture time of frame {@code index}. */
  public static long captureMs(long index) {
    return T0 + index * 40;
  }

  /** Frame headers of a raw frame. */
  public static Headers headers(long index, int size) {
    Headers h = new RecordHeaders();
    new FrameCodec()
        .writeHeaders(
            new FrameMetadata(index, captureMs(index), size, size, FrameEncoding.RAW_RGB8), h);
    return h;
  }

  /** A clip of frames {@code first..first+t-1} as the assembler would build it. */
  public static Clip clip(long first, int t, int size) {
    byte[] pixels = new byte[t * size * size * 3];
    long[] times = new long[t];
    for (int i = 0; i < t; i++) {
      byte[] f = rgb(first + i, size);
      System.arraycopy(f, 0, pixels, i * f.length, f.length);
      times[i] = captureMs(first + i);
    }
    return new Clip(t, size, size, pixels, first, times);
  }
}
