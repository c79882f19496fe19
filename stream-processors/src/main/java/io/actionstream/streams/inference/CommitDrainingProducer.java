package io.actionstream.streams.inference;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * A stream thread's producer whose transaction cannot commit offsets ahead of their predictions
 * (exactly-once): {@link #sendOffsetsToTransaction} and {@link #commitTransaction} first run the
 * thread's pending clips and produce their results into the open transaction; {@link
 * #abortTransaction} drops the pending clips (their input is processed again). Everything else is
 * delegated unchanged.
 */
final class CommitDrainingProducer extends ForwardingProducer {
  private final CommitHooks hooks;
  private final boolean transactional;

  CommitDrainingProducer(
      Producer<byte[], byte[]> delegate, CommitHooks hooks, boolean transactional) {
    super(delegate);
    this.hooks = Objects.requireNonNull(hooks, "hooks");
    this.transactional = transactional;
  }

  /** Whether the producer was configured with a {@code transactional.id} (exactly-once). */
  boolean transactional() {
    return transactional;
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    hooks.drainIntoTransaction(delegate());
    delegate().sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public void commitTransaction() {
    hooks.drainIntoTransaction(delegate());
    delegate().commitTransaction();
  }

  @Override
  public void abortTransaction() {
    hooks.discardPending();
    delegate().abortTransaction();
  }

  @Override
  public void close() {
    hooks.producerClosed(this);
    delegate().close();
  }

  @Override
  public void close(Duration timeout) {
    hooks.producerClosed(this);
    delegate().close(timeout);
  }
}
