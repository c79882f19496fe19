package io.actionstream.streams.assembly;

import io.actionstream.core.clip.Clip;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The assembly window of one stream: the frames not yet consumed by a clip, by index, and the rules
 * that turn them into clips. Pure logic, no Kafka: {@link ClipAssembler} loads one from its state
 * store, {@link #add adds} a frame and stores it back ({@link #encode()}). The window's stored form
 * holds which frames it has (index, capture time, whose pixels); the pixels themselves live in a
 * {@link Pixels} store, one record per frame, so adding a frame writes that frame only and the cost
 * per frame does not grow with T. A bridged frame refers to the pixels of the frame it repeats.
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

  /** Where a window's frame pixels live, by frame index. */
  public interface Pixels {
    /** Stores frame {@code index}'s pixels. */
    void put(long index, byte[] rgb);

    /** Frame {@code index}'s pixels, or null if none are stored. */
    byte[] get(long index);

    /** Drops frame {@code index}'s pixels. */
    void delete(long index);
  }

  /** Pixels in a map (tests, and windows that are never stored). */
  public static Pixels inMemory() {
    Map<Long, byte[]> map = new HashMap<>();
    return new Pixels() {
      @Override
      public void put(long index, byte[] rgb) {
        map.put(index, rgb);
      }

      @Override
      public byte[] get(long index) {
        return map.get(index);
      }

      @Override
      public void delete(long index) {
        map.remove(index);
      }
    };
  }

  /**
   * A held frame: its capture time and the index whose pixels it shows (its own, or for a bridged
   * frame the one it repeats).
   */
  private record Buffered(long captureMs, long pixelsOf) {}

  /** Thrown when a window refers to pixels its store no longer has (a partial restore). */
  public static final class MissingPixelsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingPixelsException(long index) {
      super("the pixels of frame " + index + " are not in the store");
    }
  }

  private final Pixels pixels;
  private int width;
  private int height;
  private long start;
  private long maxSeen;
  private long lastSeenMs;
  private final TreeMap<Long, Buffered> frames = new TreeMap<>();

  private ClipWindow(
      Pixels pixels, int width, int height, long start, long maxSeen, long lastSeenMs) {
    this.pixels = pixels;
    this.width = width;
    this.height = height;
    this.start = start;
    this.maxSeen = maxSeen;
    this.lastSeenMs = lastSeenMs;
  }

  /** An empty window that starts at the first frame added, its pixels in memory. */
  public static ClipWindow empty() {
    return empty(inMemory());
  }

  /** An empty window whose frame pixels go to {@code pixels}. */
  public static ClipWindow empty(Pixels pixels) {
    return new ClipWindow(pixels, 0, 0, -1, -1, 0);
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
      frames.values().forEach(b -> pixels.delete(b.pixelsOf));
      frames.clear();
      width = frameWidth;
      height = frameHeight;
      start = index;
      maxSeen = index;
    }
    frames.put(index, new Buffered(captureMs, index));
    pixels.put(index, rgb);
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
        drop(next);
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
      byte[] rgb = this.pixels.get(b.pixelsOf);
      if (rgb == null) {
        throw new MissingPixelsException(b.pixelsOf);
      }
      System.arraycopy(rgb, 0, pixels, i * frameBytes, frameBytes);
      times[i] = b.captureMs;
    }
    Clip clip = new Clip(t, height, width, pixels, start, times);
    // no index follows 2^63-1: a start past it stays there, and the window never fills again
    start = start > Long.MAX_VALUE - rules.stride() ? Long.MAX_VALUE : start + rules.stride();
    drop(start);
    return clip;
  }

  /**
   * Drops the frames before {@code before}, and the pixels no frame left refers to (a bridged frame
   * that stays keeps the pixels of the frame it repeats).
   */
  private void drop(long before) {
    Map<Long, Buffered> head = frames.headMap(before, false);
    if (head.isEmpty()) {
      return;
    }
    Set<Long> released = new HashSet<>();
    head.values().forEach(b -> released.add(b.pixelsOf));
    head.clear();
    frames.values().forEach(b -> released.remove(b.pixelsOf));
    released.forEach(pixels::delete);
  }

  // Stored form (big-endian): MAGIC i32, width i32, height i32, start i64, maxSeen i64,
  // lastSeenMs i64, count i32, then count times: index i64, captureMs i64, pixelsOf i64.
  // The form before per-frame pixels had no magic (it began with the width, at most 4096) and
  // held each frame's RGB bytes after its capture time; decode() still reads it.
  private static final int MAGIC = 0x41535732; // "ASW2"
  private static final int HEADER_BYTES = 4 + 4 + 4 + 8 + 8 + 8 + 4;
  private static final int ENTRY_BYTES = 8 + 8 + 8;

  /** The largest stored form of a window under {@code rules}: it holds at most T + O frames. */
  public static long maxEncodedBytes(AssemblyRules rules) {
    return HEADER_BYTES + ((long) rules.frames() + rules.outOfOrder()) * ENTRY_BYTES;
  }

  /** The stored form of this window (without pixels: those are in its {@link Pixels}). */
  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + frames.size() * ENTRY_BYTES);
    out.putInt(MAGIC).putInt(width).putInt(height).putLong(start).putLong(maxSeen);
    out.putLong(lastSeenMs).putInt(frames.size());
    for (Map.Entry<Long, Buffered> e : frames.entrySet()) {
      out.putLong(e.getKey()).putLong(e.getValue().captureMs).putLong(e.getValue().pixelsOf);
    }
    return out.array();
  }

  /**
   * Reads a window written by {@link #encode()} whose pixels are in {@code pixels}. A window in the
   * stored form from before per-frame pixels is read too, its pixels moved into {@code pixels}.
   */
  public static ClipWindow decode(byte[] stored, Pixels pixels) {
    ByteBuffer in = ByteBuffer.wrap(stored);
    if (in.getInt(0) != MAGIC) {
      return decodeLegacy(in, pixels);
    }
    in.getInt();
    ClipWindow w =
        new ClipWindow(pixels, in.getInt(), in.getInt(), in.getLong(), in.getLong(), in.getLong());
    int count = in.getInt();
    for (int i = 0; i < count; i++) {
      long index = in.getLong();
      w.frames.put(index, new Buffered(in.getLong(), in.getLong()));
    }
    return w;
  }

  private static ClipWindow decodeLegacy(ByteBuffer in, Pixels pixels) {
    ClipWindow w =
        new ClipWindow(pixels, in.getInt(), in.getInt(), in.getLong(), in.getLong(), in.getLong());
    int count = in.getInt();
    int frameBytes = Math.toIntExact((long) w.width * w.height * 3);
    for (int i = 0; i < count; i++) {
      long index = in.getLong();
      long capture = in.getLong();
      byte[] rgb = new byte[frameBytes];
      in.get(rgb);
      w.frames.put(index, new Buffered(capture, index));
      pixels.put(index, rgb);
    }
    return w;
  }

  /** Reads only the last-seen time of a stored window (for expiry scans). */
  public static long lastSeenMs(byte[] stored) {
    ByteBuffer in = ByteBuffer.wrap(stored);
    return in.getInt(0) == MAGIC ? in.getLong(4 + 4 + 4 + 8 + 8) : in.getLong(4 + 4 + 8 + 8);
  }
}
