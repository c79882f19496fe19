package io.actionstream.core.wire;

import java.util.Objects;

/**
 * Why and from where a record was dead-lettered; written as {@code as.dlq.*} headers by {@link
 * DeadLetters}.
 *
 * @param error a {@link WireError} name, or a processing-error code such as {@link
 *     DeadLetters#PROCESSING_ERROR}
 * @param reason human-readable text, cut to {@link DeadLetters#MAX_REASON_CHARS} characters
 * @param sourceTopic the topic the record was read from
 * @param sourcePartition its partition, or -1 if unknown
 * @param sourceOffset its offset, or -1 if unknown
 * @param timestampMs when it was dead-lettered, epoch ms
 */
public record DeadLetterInfo(
    String error,
    String reason,
    String sourceTopic,
    int sourcePartition,
    long sourceOffset,
    long timestampMs) {
  /** Checks the fields and cuts the reason to {@link DeadLetters#MAX_REASON_CHARS}. */
  public DeadLetterInfo {
    Objects.requireNonNull(error, "error");
    if (error.isBlank()) {
      throw new IllegalArgumentException("error code must not be blank");
    }
    reason = truncate(reason == null ? "" : reason);
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    if (sourcePartition < -1 || sourceOffset < -1) {
      throw new IllegalArgumentException(
          "expected partition and offset >= -1, got " + sourcePartition + " and " + sourceOffset);
    }
  }

  /**
   * The info for a failure: the code of the first {@link WireFormatException} in the cause chain,
   * else {@link DeadLetters#PROCESSING_ERROR}; the reason is the exception's message.
   */
  public static DeadLetterInfo of(
      Throwable failure, String sourceTopic, int sourcePartition, long sourceOffset, long nowMs) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof WireFormatException w) {
        return new DeadLetterInfo(
            w.error().name(), w.detail(), sourceTopic, sourcePartition, sourceOffset, nowMs);
      }
    }
    String reason =
        failure.getClass().getName()
            + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    return new DeadLetterInfo(
        DeadLetters.PROCESSING_ERROR, reason, sourceTopic, sourcePartition, sourceOffset, nowMs);
  }

  private static String truncate(String reason) {
    int max = DeadLetters.MAX_REASON_CHARS;
    if (reason.length() <= max) {
      return reason;
    }
    int end = max;
    if (Character.isHighSurrogate(reason.charAt(end - 1))) {
      end--; // do not split a surrogate pair
    }
    return reason.substring(0, end);
  }
}
