package io.actionstream.streams.stores;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The stored form of a stream's latest clip (store {@link StateStores#LATEST_CLIPS}): the
 * wall-clock time it was stored (8 bytes, big-endian) followed by the clip record value as it
 * arrived (ASCL binary).
 */
public final class LatestClips {
  /** Bytes of the store-time stamp before the clip value. */
  public static final int STAMP_BYTES = 8;

  private LatestClips() {}

  /** Stores {@code clipValue} stamped with {@code nowMs}. */
  public static byte[] stamp(long nowMs, byte[] clipValue) {
    return ByteBuffer.allocate(8 + clipValue.length).putLong(nowMs).put(clipValue).array();
  }

  /** The time a stored value was written. */
  public static long storedMs(byte[] stored) {
    return ByteBuffer.wrap(stored).getLong(0);
  }

  /** The clip record value of a stored value. */
  public static byte[] clipValue(byte[] stored) {
    return Arrays.copyOfRange(stored, 8, stored.length);
  }
}
