package io.actionstream.core.wire;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.actionstream.core.clip.Clip;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.function.Executable;

/** Shared fixtures: images, clips, headers and an error-code assertion. */
final class WireTestSupport {
  private WireTestSupport() {}

  /** Runs {@code body}, expects a {@link WireFormatException} and returns it. */
  static WireFormatException wireError(Executable body) {
    return assertThrows(WireFormatException.class, body);
  }

  /** A smooth RGB gradient (JPEG-friendly), deterministic; {@code seed} below 18 shifts red. */
  static byte[] smoothRgb(int width, int height, int seed) {
    byte[] rgb = new byte[width * height * 3];
    int o = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        rgb[o++] = (byte) Math.min(255, x * 200 / Math.max(1, width - 1) + seed * 3);
        rgb[o++] = (byte) (y * 255 / Math.max(1, height - 1));
        rgb[o++] = (byte) ((x + y) * 255 / Math.max(1, width + height - 2));
      }
    }
    return rgb;
  }

  /** Pseudo-random pixels (every byte value matters, for exact round trips). */
  static byte[] noisyRgb(int width, int height, long seed) {
    byte[] rgb = new byte[width * height * 3];
    new java.util.Random(seed).nextBytes(rgb);
    return rgb;
  }

  /** A clip of smooth frames. */
  static Clip smoothClip(int frames, int height, int width) {
    byte[] pixels = new byte[frames * height * width * 3];
    long[] times = new long[frames];
    for (int t = 0; t < frames; t++) {
      byte[] frame = smoothRgb(width, height, t);
      System.arraycopy(frame, 0, pixels, t * frame.length, frame.length);
      times[t] = 1_700_000_000_000L + t * 40L;
    }
    return new Clip(frames, height, width, pixels, 100, times);
  }

  /** A clip of noisy frames. */
  static Clip noisyClip(int frames, int height, int width) {
    long[] times = new long[frames];
    for (int t = 0; t < frames; t++) {
      times[t] = 1_700_000_000_000L + t * 40L;
    }
    return new Clip(frames, height, width, noisyRgb(width * frames, height, 7), 5, times);
  }

  /** Valid frame headers as text, the way kcat would write them. */
  static Headers textHeaders(int width, int height, String encoding) {
    RecordHeaders h = new RecordHeaders();
    add(h, "as.v", "1");
    add(h, "as.frame.index", "42");
    add(h, "as.capture.ms", "1700000000123");
    add(h, "as.width", Integer.toString(width));
    add(h, "as.height", Integer.toString(height));
    add(h, "as.encoding", encoding);
    return h;
  }

  static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  static void replace(Headers headers, String name, String value) {
    headers.remove(name);
    add(headers, name, value);
  }

  /** Largest absolute difference between two byte arrays read as unsigned. */
  static int maxAbsDiff(byte[] a, byte[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    int max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
    }
    return max;
  }

  /** Mean absolute difference between two byte arrays read as unsigned. */
  static double meanAbsDiff(byte[] a, byte[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
    }
    return (double) sum / a.length;
  }
}
