package io.actionstream.core.wire;

import io.actionstream.core.clip.Clip;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of clip records ({@link ClipCodec}'s binary layout). Null maps to null
 * (tombstones). Thread-safe.
 */
public final class ClipSerde implements Serde<Clip> {
  private final ClipCodec codec;

  /** A serde writing raw frames, with default limits. */
  public ClipSerde() {
    this(new ClipCodec());
  }

  /** A serde using {@code codec}. */
  public ClipSerde(ClipCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public Serializer<Clip> serializer() {
    return (topic, clip) -> clip == null ? null : codec.encode(clip);
  }

  @Override
  public Deserializer<Clip> deserializer() {
    return (topic, data) -> data == null ? null : codec.decode(data);
  }
}
