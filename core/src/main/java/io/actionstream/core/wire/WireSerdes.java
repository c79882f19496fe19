package io.actionstream.core.wire;

import io.actionstream.core.clip.Clip;
import org.apache.kafka.common.serialization.Serde;

/** Factory of the serdes of every ActionStream record. */
public final class WireSerdes {
  private WireSerdes() {}

  /** Keys: stream ids (UTF-8, 1..256 bytes). */
  public static Serde<String> streamId() {
    return new StreamIdSerde();
  }

  /** Frame values (metadata in headers), default limits. */
  public static Serde<Frame> frame() {
    return new FrameSerde();
  }

  /** Frame values with the given limits and JPEG quality (0..1). */
  public static Serde<Frame> frame(WireLimits limits, float jpegQuality) {
    return new FrameSerde(new FrameCodec(limits, jpegQuality));
  }

  /** Clip values written with raw frames, default limits. */
  public static Serde<Clip> clip() {
    return new ClipSerde();
  }

  /** Clip values written with {@code encoding}, default limits. */
  public static Serde<Clip> clip(FrameEncoding encoding) {
    return new ClipSerde(new ClipCodec(encoding, WireLimits.DEFAULT));
  }

  /** Clip values written with {@code encoding}, with the given limits. */
  public static Serde<Clip> clip(FrameEncoding encoding, WireLimits limits) {
    return new ClipSerde(new ClipCodec(encoding, limits));
  }

  /** Prediction values (JSON). */
  public static JsonSerde<Prediction> prediction() {
    return new JsonSerde<>(Prediction.class);
  }

  /** Query values (JSON). */
  public static JsonSerde<Query> query() {
    return new JsonSerde<>(Query.class);
  }

  /** Label references of the labels topic (JSON). */
  public static JsonSerde<LabelReference> labelReference() {
    return new JsonSerde<>(LabelReference.class);
  }

  /** Answer values (JSON). */
  public static JsonSerde<Answer> answer() {
    return new JsonSerde<>(Answer.class);
  }
}
