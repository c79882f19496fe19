package io.actionstream.core.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * One frame record: its metadata (Kafka headers) and its encoded pixels (the record value). The
 * data array is owned by the frame; treat it as read-only. Decode the pixels with {@link
 * FrameCodec#decodeRgb(Frame)}.
 *
 * @param metadata frame index, capture time, size and encoding
 * @param data the encoded image bytes (raw RGB, PNG or JPEG)
 */
public record Frame(FrameMetadata metadata, byte[] data) {
  /** Checks for nulls. */
  public Frame {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(data, "data");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame other
        && metadata.equals(other.metadata)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * metadata.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Frame[" + metadata + ", " + data.length + " bytes]";
  }
}
