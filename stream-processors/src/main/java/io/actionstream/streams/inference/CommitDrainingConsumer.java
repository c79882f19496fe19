package io.actionstream.streams.inference;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A stream thread's main consumer that cannot commit offsets ahead of their predictions
 * (at-least-once): every {@code commitSync}/{@code commitAsync} first runs the thread's pending
 * clips, produces their results with the thread's producer and flushes it. A subclass of {@link
 * KafkaConsumer} (what Kafka Streams' default supplier creates) rather than a delegate, so that the
 * large consumer interface stays untouched.
 */
final class CommitDrainingConsumer extends KafkaConsumer<byte[], byte[]> {
  private final CommitHooks hooks;

  CommitDrainingConsumer(Map<String, Object> config, CommitHooks hooks) {
    super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.hooks = Objects.requireNonNull(hooks, "hooks");
  }

  @Override
  public void commitSync() {
    hooks.drainBeforeOffsetCommit();
    super.commitSync();
  }

  @Override
  public void commitSync(Duration timeout) {
    hooks.drainBeforeOffsetCommit();
    super.commitSync(timeout);
  }

  @Override
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    hooks.drainBeforeOffsetCommit();
    super.commitSync(offsets);
  }

  @Override
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    hooks.drainBeforeOffsetCommit();
    super.commitSync(offsets, timeout);
  }

  @Override
  public void commitAsync() {
    hooks.drainBeforeOffsetCommit();
    super.commitAsync();
  }

  @Override
  public void commitAsync(OffsetCommitCallback callback) {
    hooks.drainBeforeOffsetCommit();
    super.commitAsync(callback);
  }

  @Override
  public void commitAsync(
      Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    hooks.drainBeforeOffsetCommit();
    super.commitAsync(offsets, callback);
  }
}
