package io.actionstream.streams.deadletter;

import io.actionstream.core.wire.DeadLetterInfo;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Where a record was read from: what a dead letter names as its source ({@code
 * as.dlq.source.topic/partition/offset}). Captured when the record is processed, so a record
 * dead-lettered later (after micro-batching) still names its own source.
 *
 * @param topic source topic, {@code ""} if unknown (e.g. in a punctuator)
 * @param partition source partition, -1 if unknown
 * @param offset source offset, -1 if unknown
 */
public record RecordOrigin(String topic, int partition, long offset) {
  /** Checks for null. */
  public RecordOrigin {
    Objects.requireNonNull(topic, "topic");
  }

  /** The origin of the record {@code context} is processing now. */
  public static RecordOrigin of(ProcessorContext<?, ?> context) {
    return context
        .recordMetadata()
        .map(m -> new RecordOrigin(m.topic(), m.partition(), m.offset()))
        .orElse(new RecordOrigin("", -1, -1L));
  }

  /** The dead-letter info for {@code failure} (code from the cause chain) at {@code nowMs}. */
  public DeadLetterInfo failure(Throwable failure, long nowMs) {
    return DeadLetterInfo.of(failure, topic, partition, offset, nowMs);
  }

  /** The dead-letter info for a processing code of this module at {@code nowMs}. */
  public DeadLetterInfo failure(String code, String reason, long nowMs) {
    return new DeadLetterInfo(code, reason, topic, partition, offset, nowMs);
  }
}
