package io.actionstream.streams.stores;

import io.actionstream.core.wire.StreamIds;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keys of per-frame stores ({@link StateStores#CLIP_FRAMES}, {@link StateStores#FRAME_HISTORY}):
 * the stream id's UTF-8 length (2 bytes), its bytes, then the frame index (8 bytes, big-endian), so
 * one stream's frames are one contiguous key range in index order.
 */
public final class StreamFrameKeys {
  private StreamFrameKeys() {}

  /** The key of frame {@code frameIndex} of {@code streamId}. */
  public static Bytes key(String streamId, long frameIndex) {
    byte[] id = StreamIds.encode(streamId);
    return Bytes.wrap(
        ByteBuffer.allocate(2 + id.length + 8)
            .putShort((short) id.length)
            .put(id)
            .putLong(frameIndex)
            .array());
  }

  /** The frame index of a key. */
  public static long index(byte[] key) {
    return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
  }

  /** Deletes the frames {@code first..last} of {@code streamId} from {@code store}. */
  public static void deleteRange(
      KeyValueStore<Bytes, byte[]> store, String streamId, long first, long last) {
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        store.range(key(streamId, first), key(streamId, last))) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    keys.forEach(store::delete);
  }
}
