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

  /**
   * A label reference whose frames the service does not hold (never seen, older than {@code
   * labels.history.frames}, forgotten with an idle stream or held by another instance), or whose
   * range no clip of the service could have covered (a gap too long to bridge, a size change).
   */
  public static final String FRAMES_NOT_HELD = "FRAMES_NOT_HELD";

  private StreamErrors() {}
}
