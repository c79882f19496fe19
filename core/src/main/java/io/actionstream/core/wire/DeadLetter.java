package io.actionstream.core.wire;

import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * A record for the dead-letter topic: the original key and value bytes unchanged, the original
 * headers plus the {@code as.dlq.*} headers that say why. Build one with {@link
 * DeadLetters#deadLetter}.
 *
 * @param key the original key bytes (may be null)
 * @param value the original value bytes (may be null)
 * @param headers the original headers and the dead-letter headers
 */
public record DeadLetter(byte[] key, byte[] value, Headers headers) {
  /** Checks that headers are given. */
  public DeadLetter {
    Objects.requireNonNull(headers, "headers");
  }

  /** The dead-letter headers read back. */
  public DeadLetterInfo info() {
    return DeadLetters.read(headers);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter other
        && Arrays.equals(key, other.key)
        && Arrays.equals(value, other.value)
        && headers.equals(other.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), headers);
  }

  @Override
  public String toString() {
    return "DeadLetter["
        + (key == null ? "null" : key.length + " B")
        + " key, "
        + (value == null ? "null" : value.length + " B")
        + " value, "
        + headers
        + "]";
  }
}
