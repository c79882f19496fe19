package io.actionstream.streams.stores;

import io.actionstream.core.wire.Frame;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The latest frames of each stream as they arrived (store {@link StateStores#FRAME_HISTORY}), from
 * which label references are resolved. Holds, per stream, the frames whose index is within {@code
 * keep} of the newest frame added; {@link #forget} drops a stream.
 *
 * <p>Key: {@link StreamFrameKeys}. Value: capture time (8 bytes), width and height (4 bytes each),
 * the encoding's clip code (1 byte), then the frame record's value unchanged (a JPEG stays a JPEG:
 * it is decoded only if a label asks for it).
 */
public final class FrameHistory {
  private static final int VALUE_HEADER_BYTES = 17;

  private final KeyValueStore<Bytes, byte[]> store;
  private final int keep;

  /**
   * Per stream, the lowest frame index that may still be held. Trimming scans from here, never from
   * 0: the keys below are deleted, and RocksDB would step over every one of their tombstones on
   * each scan until compaction (the soak benchmark measured throughput collapsing to a third).
   */
  private final Map<String, Long> low = new HashMap<>();

  /** A history over {@code store} holding the latest {@code keep} frame indices per stream. */
  public FrameHistory(KeyValueStore<Bytes, byte[]> store, int keep) {
    this.store = Objects.requireNonNull(store, "store");
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1, got " + keep);
    }
    this.keep = keep;
  }

  /**
   * Adds {@code frame} of {@code streamId} and drops the stream's frames {@code keep} before it.
   */
  public void add(String streamId, Frame frame) {
    FrameMetadata m = frame.metadata();
    byte[] data = frame.data();
    store.put(
        key(streamId, m.frameIndex()),
        ByteBuffer.allocate(VALUE_HEADER_BYTES + data.length)
            .putLong(m.captureTimeMs())
            .putInt(m.width())
            .putInt(m.height())
            .put((byte) m.encoding().code())
            .put(data)
            .array());
    long oldest = m.frameIndex() - keep; // drop indices <= oldest
    if (oldest < 0) {
      return;
    }
    long from = low.computeIfAbsent(streamId, id -> lowest(id).orElse(oldest + 1));
    if (from <= oldest) {
      deleteRange(streamId, from, oldest);
      low.put(streamId, oldest + 1);
    }
  }

  /** The held frames of {@code streamId} with indices in {@code first..last}, in index order. */
  public List<Frame> frames(String streamId, long first, long last) {
    List<Frame> frames = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        store.range(key(streamId, first), key(streamId, last))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> e = it.next();
        frames.add(frame(e.key.get(), e.value));
      }
    }
    return frames;
  }

  /**
   * The lowest and highest frame index held for {@code streamId}, if any. Reads from the top: the
   * newest index, then the first held one at most {@code keep} below it.
   */
  public Optional<long[]> heldRange(String streamId) {
    long newest;
    try (KeyValueIterator<Bytes, byte[]> down =
        store.reverseRange(key(streamId, 0), key(streamId, Long.MAX_VALUE))) {
      if (!down.hasNext()) {
        return Optional.empty();
      }
      newest = index(down.next().key.get());
    }
    try (KeyValueIterator<Bytes, byte[]> up =
        store.range(key(streamId, Math.max(0, newest - keep)), key(streamId, newest))) {
      return Optional.of(new long[] {index(up.next().key.get()), newest});
    }
  }

  /** The lowest index held for {@code streamId} (a scan from 0: once per stream and task). */
  private Optional<Long> lowest(String streamId) {
    try (KeyValueIterator<Bytes, byte[]> up =
        store.range(key(streamId, 0), key(streamId, Long.MAX_VALUE))) {
      return up.hasNext() ? Optional.of(index(up.next().key.get())) : Optional.empty();
    }
  }

  /** Drops every frame of {@code streamId}. */
  public void forget(String streamId) {
    deleteRange(streamId, 0, Long.MAX_VALUE);
    low.remove(streamId);
  }

  private void deleteRange(String streamId, long first, long last) {
    StreamFrameKeys.deleteRange(store, streamId, first, last);
  }

  private static Bytes key(String streamId, long frameIndex) {
    return StreamFrameKeys.key(streamId, frameIndex);
  }

  private static long index(byte[] key) {
    return StreamFrameKeys.index(key);
  }

  private static Frame frame(byte[] key, byte[] value) {
    ByteBuffer v = ByteBuffer.wrap(value);
    long captureMs = v.getLong();
    int width = v.getInt();
    int height = v.getInt();
    FrameEncoding encoding = FrameEncoding.fromCode(v.get());
    return new Frame(
        new FrameMetadata(index(key), captureMs, width, height, encoding),
        Arrays.copyOfRange(value, VALUE_HEADER_BYTES, value.length));
  }
}
