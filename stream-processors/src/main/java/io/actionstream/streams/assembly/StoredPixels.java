package io.actionstream.streams.assembly;

import io.actionstream.streams.stores.StateStores;
import io.actionstream.streams.stores.StreamFrameKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One stream's window pixels in {@link StateStores#CLIP_FRAMES}, with every change held back until
 * {@link #flush}: the assembler flushes only once the frame has been handled, so a frame that fails
 * leaves the stored pixels as they were, like the stored window.
 */
final class StoredPixels implements ClipWindow.Pixels {
  private static final byte[] DELETED = new byte[0];

  private final KeyValueStore<Bytes, byte[]> store;
  private final String streamId;
  private final Map<Long, byte[]> pending = new LinkedHashMap<>();

  StoredPixels(KeyValueStore<Bytes, byte[]> store, String streamId) {
    this.store = store;
    this.streamId = streamId;
  }

  @Override
  public void put(long index, byte[] rgb) {
    pending.put(index, rgb);
  }

  @Override
  public byte[] get(long index) {
    byte[] held = pending.get(index);
    if (held != null) {
      return held == DELETED ? null : held;
    }
    return store.get(StreamFrameKeys.key(streamId, index));
  }

  @Override
  public void delete(long index) {
    pending.put(index, DELETED);
  }

  /** Writes the held-back changes to the store. */
  void flush() {
    pending.forEach(
        (index, rgb) -> {
          Bytes key = StreamFrameKeys.key(streamId, index);
          if (rgb == DELETED) {
            store.delete(key);
          } else {
            store.put(key, rgb);
          }
        });
    pending.clear();
  }
}
