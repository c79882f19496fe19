package io.actionstream.streams.app;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Makes the stream threads' main consumers leave the group when they are closed, so that {@code
 * close(CloseOptions.leaveGroup(true))} does what it says for dynamic members.
 *
 * <p>Kafka Streams 4.1 sets the consumer's internal {@code internal.leave.group.on.close} to {@code
 * false}, and {@code KafkaStreams.close(CloseOptions)} with {@code leaveGroup(true)} only removes
 * static members (through the admin client): a dynamic member stayed in the group until its session
 * timed out (KAFKA-16514; the service's {@code ServeSignalIntegrationTest} checks the group is
 * left, {@code ActionStreamAppIntegrationTest} that Kafka still has the key). This supplier sets
 * the key back to {@code true} on the main consumer; the classic consumer then sends a LeaveGroup
 * on close for a dynamic member, never for a static one. Everything else is delegated.
 */
final class LeaveGroupClientSupplier implements KafkaClientSupplier {
  /** {@code ConsumerConfig.LEAVE_GROUP_ON_CLOSE_CONFIG}, package-private in Kafka 4.1. */
  static final String LEAVE_GROUP_ON_CLOSE = "internal.leave.group.on.close";

  private final KafkaClientSupplier delegate;

  LeaveGroupClientSupplier(KafkaClientSupplier delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return delegate.getAdmin(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return delegate.getProducer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    Map<String, Object> leaving = new HashMap<>(config);
    leaving.put(LEAVE_GROUP_ON_CLOSE, true);
    return delegate.getConsumer(leaving);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return delegate.getRestoreConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return delegate.getGlobalConsumer(config);
  }
}
