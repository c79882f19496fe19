package io.actionstream.core.wire;

import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of frame records. The serializer writes the frame's metadata into the record
 * headers and returns the encoded image; the deserializer reads the headers and checks them (see
 * {@link FrameCodec#read}). Both need the headers, so the header-less {@code serialize(topic,
 * frame)} and {@code deserialize(topic, bytes)} fail with {@link WireError#MISSING_HEADER} unless
 * the value is null. Null maps to null (tombstones). Thread-safe.
 */
public final class FrameSerde implements Serde<Frame> {
  private final FrameCodec codec;

  /** A serde with default limits. */
  public FrameSerde() {
    this(new FrameCodec());
  }

  /** A serde using {@code codec}. */
  public FrameSerde(FrameCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public Serializer<Frame> serializer() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(String topic, Frame frame) {
        if (frame == null) {
          return null;
        }
        throw noHeaders();
      }

      @Override
      public byte[] serialize(String topic, Headers headers, Frame frame) {
        if (frame == null) {
          return null;
        }
        if (headers == null) {
          throw noHeaders();
        }
        codec.writeHeaders(frame.metadata(), headers);
        return frame.data();
      }
    };
  }

  @Override
  public Deserializer<Frame> deserializer() {
    return new Deserializer<>() {
      @Override
      public Frame deserialize(String topic, byte[] data) {
        if (data == null) {
          return null;
        }
        throw noHeaders();
      }

      @Override
      public Frame deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
          return null;
        }
        if (headers == null) {
          throw noHeaders();
        }
        return codec.read(headers, data);
      }
    };
  }

  private static WireFormatException noHeaders() {
    return new WireFormatException(
        WireError.MISSING_HEADER,
        "frame records carry their metadata in headers: expected a call with headers, got none");
  }
}
