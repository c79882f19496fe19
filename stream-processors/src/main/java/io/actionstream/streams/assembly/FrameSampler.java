package io.actionstream.streams.assembly;

import java.nio.ByteBuffer;

/**
 * Frame-rate adaptation ({@code clip.fps}): a stream faster than the model's clip rate is sampled
 * by capture time. Sample n stands for capture time {@code n · 1000 / fps} ms on a grid shared by
 * every stream; of the frames whose nearest sample is n, the one closest to it is kept (the
 * earliest to arrive on a tie). A sample is decided when a frame of a later sample arrives, so a
 * kept frame joins its window one camera frame later. Within a stream the sample number replaces
 * the frame index: windows, clips, predictions and label references count samples.
 *
 * <p>Pure logic; the pending (undecided) frame of a stream is stored by the assembler ({@link
 * Pending#encode}).
 */
public final class FrameSampler {
  /** What to do with a frame. */
  public enum Decision {
    /** The frame is now its sample's candidate; nothing joins the window yet. */
    CANDIDATE,
    /** The frame replaces the pending candidate of the same sample (it is closer). */
    REPLACE,
    /** The pending candidate is decided and joins the window; the frame becomes the candidate. */
    DECIDE_PENDING,
    /** A frame of a sample already decided or farther than its candidate: not needed. */
    SURPLUS
  }

  /**
   * A stream's undecided frame: its sample, source frame index, capture time and pixels as the clip
   * will hold them.
   */
  public record Pending(
      long sample, long frameIndex, long captureMs, int width, int height, byte[] rgb) {
    /** Bytes of the stored form before the pixels. */
    public static final int HEADER_BYTES = 8 + 8 + 8 + 4 + 4;

    /** The stored form. */
    public byte[] encode() {
      return ByteBuffer.allocate(HEADER_BYTES + rgb.length)
          .putLong(sample)
          .putLong(frameIndex)
          .putLong(captureMs)
          .putInt(width)
          .putInt(height)
          .put(rgb)
          .array();
    }

    /** Reads {@link #encode()}'s form. */
    public static Pending decode(byte[] stored) {
      ByteBuffer in = ByteBuffer.wrap(stored);
      long sample = in.getLong();
      long index = in.getLong();
      long capture = in.getLong();
      int w = in.getInt();
      int h = in.getInt();
      byte[] rgb = new byte[in.remaining()];
      in.get(rgb);
      return new Pending(sample, index, capture, w, h, rgb);
    }
  }

  private final double fps;

  /**
   * A sampler at {@code fps} samples per second.
   *
   * @throws IllegalArgumentException unless fps is in (0, 1000]
   */
  public FrameSampler(double fps) {
    if (!(fps > 0 && fps <= 1000)) {
      throw new IllegalArgumentException("fps must be in (0, 1000], got " + fps);
    }
    this.fps = fps;
  }

  /** The sample nearest to {@code captureMs}. */
  public long sample(long captureMs) {
    return Math.round(captureMs * fps / 1000.0);
  }

  /** How far {@code captureMs} is from the time of sample {@code sample}, in ms. */
  public double distance(long captureMs, long sample) {
    return Math.abs(captureMs - sample * 1000.0 / fps);
  }

  /**
   * What a frame captured at {@code captureMs} does, given the stream's pending frame (or null).
   */
  public Decision decide(long captureMs, Pending pending) {
    if (pending == null) {
      return Decision.CANDIDATE;
    }
    long sample = sample(captureMs);
    if (sample > pending.sample()) {
      return Decision.DECIDE_PENDING;
    }
    if (sample == pending.sample()
        && distance(captureMs, sample) < distance(pending.captureMs(), sample)) {
      return Decision.REPLACE;
    }
    return Decision.SURPLUS;
  }
}
