package io.actionstream.streams.inference;

import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.Prediction;
import io.actionstream.streams.deadletter.DeadLetterRouter;
import io.actionstream.streams.metrics.TopologyListener;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Produces results directly with a stream thread's producer, serialized exactly as the topology's
 * sinks would: same topic, the sinks' own serializers ({@link InferenceSinks}), same headers and
 * timestamp, no explicit partition (the producer partitions by key bytes, as a sink without a
 * partitioner does). Used at commit time, where {@code ProcessorContext.forward} is illegal.
 */
final class ProducerOutput implements InferenceOutput {
  private final Producer<byte[], byte[]> producer;
  private final InferenceSinks sinks;
  private final TopologyListener listener;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  ProducerOutput(
      Producer<byte[], byte[]> producer, InferenceSinks sinks, TopologyListener listener) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.sinks = Objects.requireNonNull(sinks, "sinks");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void prediction(String streamId, Prediction prediction, long timestamp) {
    String topic = sinks.predictionsTopic();
    Headers headers = new RecordHeaders();
    send(
        topic,
        timestamp,
        sinks.predictionKeys().serialize(topic, headers, streamId),
        sinks.predictionValues().serialize(topic, headers, prediction),
        headers);
  }

  @Override
  public void deadLetter(Record<byte[], byte[]> original, DeadLetterInfo info) {
    Record<byte[], byte[]> dead = DeadLetterRouter.deadLetter(original, info, listener);
    String topic = sinks.deadLetterTopic();
    send(
        topic,
        dead.timestamp(),
        sinks.deadLetterKeys().serialize(topic, dead.headers(), dead.key()),
        sinks.deadLetterValues().serialize(topic, dead.headers(), dead.value()),
        dead.headers());
  }

  @Override
  public long nowMs() {
    return System.currentTimeMillis();
  }

  /**
   * Throws if a send completed with an error; call after {@code flush()}.
   *
   * @throws KafkaException naming the first failure
   */
  void checkSent() {
    Exception e = failure.get();
    if (e != null) {
      throw new KafkaException("micro-batch results could not be produced", e);
    }
  }

  private void send(String topic, long timestamp, byte[] key, byte[] value, Headers headers) {
    producer.send(
        new ProducerRecord<>(topic, null, timestamp, key, value, headers), this::completed);
  }

  private void completed(RecordMetadata metadata, Exception e) {
    if (e != null) {
      failure.compareAndSet(null, e);
    }
  }
}
