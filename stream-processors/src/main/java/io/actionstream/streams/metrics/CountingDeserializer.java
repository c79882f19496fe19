package io.actionstream.streams.metrics;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A source deserializer that reports each record value it reads as {@link
 * TopologyListener#recordIn}. Wrap only the value deserializer, so each record counts once.
 */
public final class CountingDeserializer<T> implements Deserializer<T> {
  private final Deserializer<T> delegate;
  private final TopologyListener listener;

  /** Counts records read through {@code delegate}. */
  public CountingDeserializer(Deserializer<T> delegate, TopologyListener listener) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    delegate.configure(configs, isKey);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    listener.recordIn(topic);
    return delegate.deserialize(topic, data);
  }

  @Override
  public T deserialize(String topic, Headers headers, byte[] data) {
    listener.recordIn(topic);
    return delegate.deserialize(topic, headers, data);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
