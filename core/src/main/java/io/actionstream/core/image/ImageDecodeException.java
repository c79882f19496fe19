package io.actionstream.core.image;

/** An image that could not be decoded, with why. */
public final class ImageDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why decoding failed. */
  public enum Reason {
    /** Not a readable image of the expected format. */
    UNREADABLE,
    /** Its size differs from the declared one. */
    BAD_DIMENSIONS,
    /** A colour model that is refused (CMYK, YCCK). */
    UNSUPPORTED_COLOUR
  }

  private final Reason reason;

  /** An exception for {@code reason}. */
  public ImageDecodeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why decoding failed. */
  public Reason reason() {
    return reason;
  }
}
