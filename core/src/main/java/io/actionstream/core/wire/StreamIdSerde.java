package io.actionstream.core.wire;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The key serde of frame, clip, prediction, query and answer records: the stream id as UTF-8, 1 to
 * 256 bytes (see {@link StreamIds}); other keys fail with {@link WireError#INVALID_KEY}. Null maps
 * to null; processors that need a key check it with {@link StreamIds#requireValid(String)}.
 */
public final class StreamIdSerde implements Serde<String> {
  @Override
  public Serializer<String> serializer() {
    return (topic, id) -> id == null ? null : StreamIds.encode(id);
  }

  @Override
  public Deserializer<String> deserializer() {
    return (topic, data) -> data == null ? null : StreamIds.decode(data);
  }
}
