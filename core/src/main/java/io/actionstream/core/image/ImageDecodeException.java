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

  /** A {@code format} image that is not {@code width}×{@code height} as declared. */
  static ImageDecodeException badDimensions(
      String format, int width, int height, int actualWidth, int actualHeight) {
    return new ImageDecodeException(
        Reason.BAD_DIMENSIONS,
        format
            + " image: expected "
            + width
            + "x"
            + height
            + " as declared, got "
            + actualWidth
            + "x"
            + actualHeight,
        null);
  }

  /** A {@code format} image of {@code components} colour components (4: CMYK or YCCK). */
  static ImageDecodeException unsupportedColour(String format, int components) {
    return new ImageDecodeException(
        Reason.UNSUPPORTED_COLOUR,
        format
            + " image: expected grey or RGB/YCbCr, got "
            + components
            + " colour components (CMYK is refused)",
        null);
  }

  /** {@code bytes} bytes that are not a readable {@code format} image. */
  static ImageDecodeException unreadable(String format, int bytes, Throwable cause) {
    return new ImageDecodeException(
        Reason.UNREADABLE,
        "expected a " + format + " image of " + bytes + " bytes, got: " + cause,
        cause);
  }

  /** Why decoding failed. */
  public Reason reason() {
    return reason;
  }
}
