package io.actionstream.core.wire;

/**
 * How the pixels of one frame are encoded. Each encoding has a text name (the {@code as.encoding}
 * header of frame records) and a numeric code (the encoding byte of clip records).
 */
public enum FrameEncoding {
  /** Uncompressed RGB, one byte per channel, rows top to bottom, {@code [y][x][r,g,b]}. */
  RAW_RGB8("raw", 0),
  /** A PNG image (lossless); grey and alpha images are read as RGB, alpha dropped. */
  PNG("png", 1),
  /** A baseline JPEG image (lossy); grey images are read as RGB. */
  JPEG("jpeg", 2);

  private final String wireName;
  private final int code;

  FrameEncoding(String wireName, int code) {
    this.wireName = wireName;
    this.code = code;
  }

  /** The text name on the wire: {@code raw}, {@code png} or {@code jpeg}. */
  public String wireName() {
    return wireName;
  }

  /** The numeric code in clip records: 0, 1 or 2. */
  public int code() {
    return code;
  }

  /**
   * The encoding with the given wire name (exact, lower case).
   *
   * @throws WireFormatException {@link WireError#UNSUPPORTED_ENCODING} if there is none
   */
  public static FrameEncoding fromWireName(String name) {
    for (FrameEncoding e : values()) {
      if (e.wireName.equals(name)) {
        return e;
      }
    }
    throw new WireFormatException(
        WireError.UNSUPPORTED_ENCODING, "expected encoding raw, png or jpeg, got '" + name + "'");
  }

  /**
   * The encoding with the given clip code.
   *
   * @throws WireFormatException {@link WireError#UNSUPPORTED_ENCODING} if there is none
   */
  public static FrameEncoding fromCode(int code) {
    for (FrameEncoding e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    throw new WireFormatException(
        WireError.UNSUPPORTED_ENCODING, "expected encoding code 0, 1 or 2, got " + code);
  }
}
