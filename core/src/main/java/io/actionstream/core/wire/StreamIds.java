package io.actionstream.core.wire;

import java.nio.charset.StandardCharsets;

/**
 * Rules for stream ids, the key of frame, clip, prediction and query records: UTF-8 text of 1 to
 * {@value #MAX_BYTES} bytes.
 */
public final class StreamIds {
  /** Longest stream id in UTF-8 bytes. */
  public static final int MAX_BYTES = 256;

  private StreamIds() {}

  /**
   * Checks a stream id and returns it.
   *
   * @throws WireFormatException {@link WireError#INVALID_KEY} if null, empty or too long
   */
  public static String requireValid(String streamId) {
    if (streamId == null) {
      throw new WireFormatException(
          WireError.INVALID_KEY, "expected a stream id of 1.." + MAX_BYTES + " bytes, got null");
    }
    int bytes = streamId.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < 1 || bytes > MAX_BYTES) {
      throw new WireFormatException(
          WireError.INVALID_KEY,
          "expected a stream id of 1.." + MAX_BYTES + " UTF-8 bytes, got " + bytes + " bytes");
    }
    return streamId;
  }

  /** Whether {@code streamId} follows the rules of {@link #requireValid(String)}. */
  public static boolean isValid(String streamId) {
    if (streamId == null) {
      return false;
    }
    int bytes = streamId.getBytes(StandardCharsets.UTF_8).length;
    return bytes >= 1 && bytes <= MAX_BYTES;
  }

  /**
   * Decodes and checks a key.
   *
   * @throws WireFormatException {@link WireError#INVALID_KEY} if null, not UTF-8, empty or too long
   */
  public static String decode(byte[] key) {
    if (key == null) {
      return requireValid(null);
    }
    if (key.length < 1 || key.length > MAX_BYTES) {
      throw new WireFormatException(
          WireError.INVALID_KEY,
          "expected a stream id of 1.." + MAX_BYTES + " UTF-8 bytes, got " + key.length + " bytes");
    }
    String text = Utf8.decodeOrNull(key);
    if (text == null) {
      throw new WireFormatException(
          WireError.INVALID_KEY, "expected a UTF-8 stream id, got bytes that are not UTF-8");
    }
    return text;
  }

  /** Encodes a checked stream id as UTF-8. */
  public static byte[] encode(String streamId) {
    return requireValid(streamId).getBytes(StandardCharsets.UTF_8);
  }
}
