package io.actionstream.streams.inference;

import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.Prediction;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Where the inference step's results go. Two implementations write byte-identical records: {@link
 * ContextOutput} forwards to the topology's sinks (inside {@code process()} or a punctuator),
 * {@link ProducerOutput} produces directly with the stream thread's producer (at commit time, where
 * forwarding is not allowed).
 */
interface InferenceOutput {
  /** Sends the prediction of a clip of {@code streamId}, with the clip record's timestamp. */
  void prediction(String streamId, Prediction prediction, long timestamp);

  /** Dead-letters {@code original} with {@code info}. */
  void deadLetter(Record<byte[], byte[]> original, DeadLetterInfo info);

  /** Wall-clock time now, epoch ms (for dead-letter times and queue times). */
  long nowMs();
}
