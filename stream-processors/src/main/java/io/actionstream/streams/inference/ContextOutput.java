package io.actionstream.streams.inference;

import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.Prediction;
import io.actionstream.streams.deadletter.DeadLetterRouter;
import java.util.Objects;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards results to the predictions and dead-letter sinks of the topology. Only legal inside
 * {@code process()} or a punctuator of the processor owning {@code context}.
 */
final class ContextOutput implements InferenceOutput {
  private final ProcessorContext<Object, Object> context;
  private final DeadLetterRouter deadLetters;

  ContextOutput(ProcessorContext<Object, Object> context, DeadLetterRouter deadLetters) {
    this.context = Objects.requireNonNull(context, "context");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  @Override
  public void prediction(String streamId, Prediction prediction, long timestamp) {
    context.forward(
        new Record<Object, Object>(streamId, prediction, timestamp, new RecordHeaders()),
        InferenceProcessor.PREDICTIONS_SINK);
  }

  @Override
  public void deadLetter(Record<byte[], byte[]> original, DeadLetterInfo info) {
    deadLetters.route(original, info);
  }

  @Override
  public long nowMs() {
    return context.currentSystemTimeMs();
  }
}
