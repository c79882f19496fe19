package io.actionstream.streams.assembly;

import io.actionstream.core.clip.Clip;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The assembly window of one stream: the frames not yet consumed by a clip, by index, and the rules
 * that turn them into clips. Pure logic, no Kafka: {@link ClipAssembler} loads one from its state
 * store, {@link #add adds} a frame and stores it back ({@link #encode()}).
 *
 * <p>Rules (documented in docs/stream-processing.md):
 *
 * <ol>
 *   <li>The first frame of a stream (or after a restart) starts the window at its index.
 *   <li>A frame before the window start is {@link Outcome#LATE}; one already buffered is {@link
 *       Outcome#DUPLICATE}. Neither changes the window, whatever its size. These checks come first.
 *   <li>Otherwise, a frame of another width/height than the window restarts the window at that
 *       frame; buffered frames are dropped.
 *   <li>Whenever frames {@code start..start+T-1} are all present, a clip of them is emitted and the
 *       start moves by S.
 *   <li>A missing frame is waited for while the highest index seen is at most {@code outOfOrder}
 *       past it. After that it is lost: a run of at most {@code maxGap} lost frames, with a frame
 *       before it in the window, is bridged by repeating that frame (its pixels and capture time);
 *       otherwise the window restarts at the first frame after the gap, dropping the frames before
 *       the gap.
 * </ol>
 */
public final class ClipWindow {
  /** What happened to an added frame. */
  public enum Outcome {
    /** Placed in the window. */
    ACCEPTED,
    /** Before the window start: already assembled or declared lost. */
    LATE,
    /** Its index is already in the window. */
    DUPLICATE
  }

  /**
   * The result of adding a frame.
   *
   * @param outcome what happened to the frame
   * @param clips clips completed by it, oldest first
   * @param restarts how many times the window restarted (size change or gap)
   */
  public record AddResult(Outcome outcome, List<Clip> clips, int restarts) {}

  private record Buffered(long captureMs, byte[] rgb) {}

  private int width;
  private int height;
  private long start;
  private long maxSeen;
  private long lastSeenMs;
  private final TreeMap<Long, Buffered> frames = new TreeMap<>();

  private ClipWindow(int width, int height, long start, long maxSeen, long lastSeenMs) {
    this.width = width;
    this.height = height;
    this.start = start;
    this.maxSeen = maxSeen;
    this.lastSeenMs = lastSeenMs;
  }

  /** An empty window that starts at the first frame added. */
  public static ClipWindow empty() {
    return new ClipWindow(0, 0, -1, -1, 0);
  }

  /** The index the next clip starts at, or -1 before the first frame. */
  public long start() {
    return start;
  }

  /** Frames held. */
  public int bufferedFrames() {
    return frames.size();
  }

  /** When a frame was last added (the time given to {@link #add}). */
  public long lastSeenMs() {
    return lastSeenMs;
  }

  /**
   * Adds one decoded frame.
   *
   * @param rgb {@code height*width*3} bytes
   * @param nowMs the time of the addition, kept for idle expiry
   */
  public AddResult add(
      long index,
      long captureMs,
      int frameWidth,
      int frameHeight,
      byte[] rgb,
      long nowMs,
      AssemblyRules rules) {
    lastSeenMs = nowMs;
    int restarts = 0;
    // Late and duplicate first, whatever their size: a late or replayed frame from before a
    // resolution change must not restart the window and drop the frames buffered since.
    if (start >= 0 && index < start) {
      return new AddResult(Outcome.LATE, List.of(), 0);
    }
    if (start >= 0 && frames.containsKey(index)) {
      return new AddResult(Outcome.DUPLICATE, List.of(), 0);
    }
    if (start < 0 || frameWidth != width || frameHeight != height) {
      restarts = start < 0 ? 0 : 1;
      frames.clear();
      width = frameWidth;
      height = frameHeight;
      start = index;
      maxSeen = index;
    }
    frames.put(index, new Buffered(captureMs, rgb));
    maxSeen = Math.max(maxSeen, index);
    List<Clip> clips = new ArrayList<>();
    while (true) {
      long hole = firstHole(rules.frames());
      if (hole < 0) {
        clips.add(emit(rules));
        continue;
      }
      if (hole > maxSeen || maxSeen - hole <= rules.outOfOrder()) {
        break; // waiting for frames that may still come
      }
      long next = frames.ceilingKey(hole);
      long lost = next - hole;
      Map.Entry<Long, Buffered> before = frames.lowerEntry(hole);
      if (lost <= rules.maxGap() && before != null) {
        for (long i = hole; i < next; i++) {
          frames.put(i, before.getValue());
        }
      } else {
        frames.headMap(next, false).clear();
        start = next;
        restarts++;
      }
    }
    return new AddResult(Outcome.ACCEPTED, List.copyOf(clips), restarts);
  }

  /**
   * The first index in {@code start..start+T-1} without a frame, or -1 if the window is full. A
   * window that would reach past the largest frame index ({@code 2^63-1}) can never fill: its hole
   * is {@link Long#MAX_VALUE}, a frame that may still come, so nothing is emitted or dropped.
   */
  private long firstHole(int t) {
    for (int k = 0; k < t; k++) {
      if (start > Long.MAX_VALUE - k) {
        return Long.MAX_VALUE;
      }
      long i = start + k;
      if (!frames.containsKey(i)) {
        return i;
      }
    }
    return -1;
  }

  private Clip emit(AssemblyRules rules) {
    int t = rules.frames();
    int frameBytes = Math.toIntExact((long) width * height * 3);
    byte[] pixels = new byte[Math.toIntExact((long) t * frameBytes)];
    long[] times = new long[t];
    for (int i = 0; i < t; i++) {
      Buffered b = frames.get(start + i);
      System.arraycopy(b.rgb, 0, pixels, i * frameBytes, frameBytes);
      times[i] = b.captureMs;
    }
    Clip clip = new Clip(t, height, width, pixels, start, times);
    // no index follows 2^63-1: a start past it stays there, and the window never fills again
    start = start > Long.MAX_VALUE - rules.stride() ? Long.MAX_VALUE : start + rules.stride();
    frames.headMap(start, false).clear();
    return clip;
  }

  // Stored form (big-endian): width i32, height i32, start i64, maxSeen i64, lastSeenMs i64,
  // count i32, then count times: index i64, captureMs i64, width*height*3 RGB bytes.
  private static final int HEADER_BYTES = 4 + 4 + 8 + 8 + 8 + 4;

  /**
   * The largest stored form of a window under {@code rules} whose frames are at most {@code
   * frameBytes} RGB bytes each: it holds at most T + outOfOrder frames.
   */
  public static long maxEncodedBytes(AssemblyRules rules, long frameBytes) {
    return HEADER_BYTES + ((long) rules.frames() + rules.outOfOrder()) * (16 + frameBytes);
  }

  /**
   * The stored form of this window.
   *
   * @throws IllegalStateException if it would exceed the largest byte array (about 2 GiB)
   */
  public byte[] encode() {
    long frameBytes = (long) width * height * 3;
    long size = HEADER_BYTES + frames.size() * (16 + frameBytes);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "clip window of "
              + frames.size()
              + " frames of "
              + width
              + "x"
              + height
              + " would take "
              + size
              + " bytes, more than one store value can hold (2 GiB)");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.putInt(width).putInt(height).putLong(start).putLong(maxSeen).putLong(lastSeenMs);
    out.putInt(frames.size());
    for (Map.Entry<Long, Buffered> e : frames.entrySet()) {
      out.putLong(e.getKey()).putLong(e.getValue().captureMs).put(e.getValue().rgb);
    }
    return out.array();
  }

  /** Reads a window written by {@link #encode()}. */
  public static ClipWindow decode(byte[] stored) {
    ByteBuffer in = ByteBuffer.wrap(stored);
    ClipWindow w =
        new ClipWindow(in.getInt(), in.getInt(), in.getLong(), in.getLong(), in.getLong());
    int count = in.getInt();
    int frameBytes = Math.toIntExact((long) w.width * w.height * 3);
    for (int i = 0; i < count; i++) {
      long index = in.getLong();
      long capture = in.getLong();
      byte[] rgb = new byte[frameBytes];
      in.get(rgb);
      w.frames.put(index, new Buffered(capture, rgb));
    }
    return w;
  }

  /** Reads only the last-seen time of a stored window (for expiry scans). */
  public static long lastSeenMs(byte[] stored) {
    return ByteBuffer.wrap(stored).getLong(4 + 4 + 8 + 8);
  }
}
