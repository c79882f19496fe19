package io.actionstream.streams.metrics;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A sink serializer that reports each record it serializes as {@link TopologyListener#recordOut}.
 */
public final class CountingSerializer<T> implements Serializer<T> {
  private final Serializer<T> delegate;
  private final TopologyListener listener;

  /** Counts records written by {@code delegate}. */
  public CountingSerializer(Serializer<T> delegate, TopologyListener listener) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    delegate.configure(configs, isKey);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    byte[] bytes = delegate.serialize(topic, data);
    listener.recordOut(topic);
    return bytes;
  }

  @Override
  public byte[] serialize(String topic, Headers headers, T data) {
    byte[] bytes = delegate.serialize(topic, headers, data);
    listener.recordOut(topic);
    return bytes;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
