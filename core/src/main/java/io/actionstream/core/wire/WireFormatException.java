package io.actionstream.core.wire;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be read or written in the documented wire format. It extends Kafka's {@link
 * SerializationException} so that Kafka clients and Kafka Streams treat it as a (de)serialization
 * failure; the {@link #error()} code says which rule was broken and the message says what was
 * expected and what was found.
 */
public class WireFormatException extends SerializationException {
  private static final long serialVersionUID = 1L;

  private final WireError error;
  private final String detail;

  /** Creates an exception with a code and a message saying expected versus got. */
  public WireFormatException(WireError error, String detail) {
    super("[" + Objects.requireNonNull(error, "error") + "] " + detail);
    this.error = error;
    this.detail = detail;
  }

  /** Creates an exception with a code, a message and the underlying cause. */
  public WireFormatException(WireError error, String detail, Throwable cause) {
    super("[" + Objects.requireNonNull(error, "error") + "] " + detail, cause);
    this.error = error;
    this.detail = detail;
  }

  /** The stable error code. */
  public WireError error() {
    return error;
  }

  /** The message without the {@code [CODE]} prefix. */
  public String detail() {
    return detail;
  }
}
