package io.actionstream.streams.inference;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A stream thread's producer whose transaction cannot commit offsets ahead of their predictions
 * (exactly-once): {@link #sendOffsetsToTransaction} and {@link #commitTransaction} first run the
 * thread's pending clips and produce their results into the open transaction; {@link
 * #abortTransaction} drops the pending clips (their input is processed again). Everything else is
 * delegated unchanged.
 */
final class CommitDrainingProducer implements Producer<byte[], byte[]> {
  private final Producer<byte[], byte[]> delegate;
  private final CommitHooks hooks;
  private final boolean transactional;

  CommitDrainingProducer(
      Producer<byte[], byte[]> delegate, CommitHooks hooks, boolean transactional) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.hooks = Objects.requireNonNull(hooks, "hooks");
    this.transactional = transactional;
  }

  /** Whether the producer was configured with a {@code transactional.id} (exactly-once). */
  boolean transactional() {
    return transactional;
  }

  /** The wrapped producer, for producing drained results without passing through the hooks. */
  Producer<byte[], byte[]> delegate() {
    return delegate;
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    hooks.drainIntoTransaction(delegate);
    delegate.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public void commitTransaction() {
    hooks.drainIntoTransaction(delegate);
    delegate.commitTransaction();
  }

  @Override
  public void abortTransaction() {
    hooks.discardPending();
    delegate.abortTransaction();
  }

  @Override
  public void initTransactions() {
    delegate.initTransactions();
  }

  @Override
  public void beginTransaction() {
    delegate.beginTransaction();
  }

  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    delegate.registerMetricForSubscription(metric);
  }

  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    delegate.unregisterMetricFromSubscription(metric);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    return delegate.send(record);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    return delegate.send(record, callback);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    hooks.producerClosed(this);
    delegate.close();
  }

  @Override
  public void close(Duration timeout) {
    hooks.producerClosed(this);
    delegate.close(timeout);
  }
}
