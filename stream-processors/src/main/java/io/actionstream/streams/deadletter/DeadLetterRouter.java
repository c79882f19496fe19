package io.actionstream.streams.deadletter;

import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.streams.metrics.TopologyListener;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where records become dead letters. Every processor of the topology reads raw bytes
 * and, when a record cannot be decoded or processed, hands the original record and the failure to
 * this router, which forwards the original key, value and headers plus the {@code as.dlq.*} headers
 * (error code, reason, source topic/partition/offset, time) to the dead-letter sink. The stream
 * goes on with the next record.
 *
 * <p>Because the dead letter is forwarded by the processor, it is written in the same Kafka Streams
 * transaction as the processor's other output under exactly-once: a record's offset is never
 * committed without its dead letter.
 */
public final class DeadLetterRouter {
  /** Name of the dead-letter sink node in the topology. */
  public static final String SINK = "dlq-sink";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRouter.class);

  private final ProcessorContext<?, ?> context;
  private final TopologyListener listener;

  /** A router forwarding through {@code context} to the {@link #SINK} child. */
  public DeadLetterRouter(ProcessorContext<?, ?> context) {
    this(context, TopologyListener.NONE);
  }

  /**
   * A router forwarding through {@code context} to the {@link #SINK} child and reporting each dead
   * letter to {@code listener}.
   */
  public DeadLetterRouter(ProcessorContext<?, ?> context, TopologyListener listener) {
    this.context = Objects.requireNonNull(context, "context");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Dead-letters {@code original} because of {@code failure}: the code is the {@code WireError} of
   * the first {@code WireFormatException} in the cause chain, else {@code PROCESSING_ERROR}.
   */
  public void route(Record<byte[], byte[]> original, Throwable failure) {
    route(original, RecordOrigin.of(context).failure(failure, context.currentSystemTimeMs()));
  }

  /** Dead-letters {@code original} with a processing code of this module ({@link StreamErrors}). */
  public void route(Record<byte[], byte[]> original, String code, String reason) {
    route(original, RecordOrigin.of(context).failure(code, reason, context.currentSystemTimeMs()));
  }

  /**
   * Dead-letters {@code original} with {@code info} (whose source may be another record than the
   * one being processed now, e.g. a clip of a micro-batch).
   */
  @SuppressWarnings("unchecked")
  public void route(Record<byte[], byte[]> original, DeadLetterInfo info) {
    ((ProcessorContext<Object, Object>) context)
        .forward(deadLetter(original, info, listener), SINK);
  }

  /**
   * The dead-letter record of {@code original}: its key, value and timestamp, its headers plus the
   * {@code as.dlq.*} headers of {@code info}. Logs it and reports it to {@code listener}. The one
   * place that builds dead letters, whether they are forwarded to {@link #SINK} or produced
   * directly (micro-batch results drained at commit time).
   */
  public static Record<byte[], byte[]> deadLetter(
      Record<byte[], byte[]> original, DeadLetterInfo info, TopologyListener listener) {
    Headers headers = DeadLetters.headers(original.headers(), info);
    LOG.warn(
        "dead letter from {}-{}@{}: [{}] {}",
        info.sourceTopic(),
        info.sourcePartition(),
        info.sourceOffset(),
        info.error(),
        info.reason());
    listener.deadLetter(info.sourceTopic(), info.error());
    return new Record<>(original.key(), original.value(), original.timestamp(), headers);
  }
}
