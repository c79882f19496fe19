package io.actionstream.streams.deadletter;

/**
 * Dead-letter codes ({@code as.dlq.error}) raised by the stream processors in addition to the
 * {@code WireError} names and {@code PROCESSING_ERROR} of the wire format. Stable: codes may be
 * added, never renamed or removed.
 */
public final class StreamErrors {
  /**
   * A frame whose index is before its stream's window: its clip was already assembled, or it was
   * declared lost because it came later than the out-of-order tolerance allows.
   */
  public static final String LATE_FRAME = "LATE_FRAME";

  /** A frame whose index is already in its stream's window (a duplicate). */
  public static final String DUPLICATE_FRAME = "DUPLICATE_FRAME";

  private StreamErrors() {}
}
