package io.actionstream.core.wire;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds and reads the {@code as.dlq.*} headers of dead-letter records (see {@link WireHeaders}).
 * The original headers are kept, except earlier {@code as.dlq.*} headers, which are replaced.
 */
public final class DeadLetters {
  /** Longest reason text, in characters. */
  public static final int MAX_REASON_CHARS = 1000;

  /** Error code for a failure that is not a {@link WireFormatException}. */
  public static final String PROCESSING_ERROR = "PROCESSING_ERROR";

  private static final String DLQ_PREFIX = "as.dlq.";

  private DeadLetters() {}

  /** A dead-letter record holding the original bytes and headers plus the {@code info}. */
  public static DeadLetter deadLetter(
      byte[] key, byte[] value, Headers originalHeaders, DeadLetterInfo info) {
    return new DeadLetter(key, value, headers(originalHeaders, info));
  }

  /**
   * A new header set: a copy of {@code original} (may be null) without {@code as.dlq.*} headers,
   * plus the headers of {@code info}.
   */
  public static Headers headers(Headers original, DeadLetterInfo info) {
    RecordHeaders headers = new RecordHeaders();
    if (original != null) {
      for (Header h : original) {
        if (!h.key().startsWith(DLQ_PREFIX)) {
          headers.add(h.key(), h.value());
        }
      }
    }
    HeaderValues.put(headers, WireHeaders.DLQ_ERROR, info.error());
    HeaderValues.put(headers, WireHeaders.DLQ_REASON, info.reason());
    HeaderValues.put(headers, WireHeaders.DLQ_SOURCE_TOPIC, info.sourceTopic());
    HeaderValues.put(
        headers, WireHeaders.DLQ_SOURCE_PARTITION, Integer.toString(info.sourcePartition()));
    HeaderValues.put(headers, WireHeaders.DLQ_SOURCE_OFFSET, Long.toString(info.sourceOffset()));
    HeaderValues.put(headers, WireHeaders.DLQ_MS, Long.toString(info.timestampMs()));
    return headers;
  }

  /**
   * Reads the dead-letter headers.
   *
   * @throws WireFormatException MISSING_HEADER or MALFORMED_HEADER
   */
  public static DeadLetterInfo read(Headers headers) {
    String error = HeaderValues.requireText(headers, WireHeaders.DLQ_ERROR);
    String reason = HeaderValues.requireText(headers, WireHeaders.DLQ_REASON);
    String topic = HeaderValues.requireText(headers, WireHeaders.DLQ_SOURCE_TOPIC);
    int partition =
        (int)
            HeaderValues.requireLong(
                headers, WireHeaders.DLQ_SOURCE_PARTITION, -1, Integer.MAX_VALUE);
    long offset =
        HeaderValues.requireLong(headers, WireHeaders.DLQ_SOURCE_OFFSET, -1, Long.MAX_VALUE);
    long ms = HeaderValues.requireLong(headers, WireHeaders.DLQ_MS, Long.MIN_VALUE, Long.MAX_VALUE);
    try {
      return new DeadLetterInfo(error, reason, topic, partition, offset, ms);
    } catch (IllegalArgumentException e) { // a blank code or topic: found by WireFuzzTest
      throw new WireFormatException(WireError.MALFORMED_HEADER, "dead letter: " + e.getMessage());
    }
  }
}
