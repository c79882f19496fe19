package io.actionstream.core.wire;

/**
 * Stable codes for records that cannot be read or written. The {@link #name()} of each constant is
 * part of the wire contract: dead-letter records carry it in the {@code as.dlq.error} header, so a
 * constant may be added but never renamed or removed.
 */
public enum WireError {
  /** The record key (stream id) is missing, empty, over 256 UTF-8 bytes or not valid UTF-8. */
  INVALID_KEY("the key (stream id) is missing, empty, over 256 UTF-8 bytes or not UTF-8"),
  /** A required header is absent. */
  MISSING_HEADER("a required header is absent"),
  /** A header value is not UTF-8 text of the expected form (a decimal integer in range). */
  MALFORMED_HEADER("a header value is not UTF-8 text of the expected form or is out of range"),
  /** The frame encoding is not one of raw, png, jpeg (codes 0, 1, 2 in clips). */
  UNSUPPORTED_ENCODING("the encoding is not raw/png/jpeg (clip codes 0/1/2)"),
  /** A width or height is below 1, or a decoded image's size differs from the declared one. */
  BAD_DIMENSIONS("width or height below 1, or the decoded image size differs from the declared"),
  /** A raw frame does not hold exactly H*W*3 bytes. */
  SIZE_MISMATCH("a raw frame does not hold exactly H*W*3 bytes"),
  /** PNG or JPEG bytes could not be decoded as the declared format. */
  IMAGE_DECODE_FAILED("PNG/JPEG bytes could not be decoded as the declared format"),
  /** RGB pixels could not be encoded as PNG or JPEG (writer side). */
  IMAGE_ENCODE_FAILED("RGB pixels could not be encoded as PNG/JPEG (writer side)"),
  /** A clip value does not start with the magic bytes {@code ASCL}. */
  BAD_MAGIC("a clip value does not start with the magic bytes ASCL"),
  /** The schema version (header, clip version byte or JSON field) is not one this code reads. */
  UNSUPPORTED_VERSION("the schema version (as.v, clip version byte, JSON schemaVersion) is not 1"),
  /** A clip value ends before its declared content. */
  TRUNCATED("a clip value ends before its declared content"),
  /** A clip value has bytes after its last frame. */
  TRAILING_BYTES("a clip value has bytes after its last frame"),
  /** A clip has no frames, or not the number of frames the model expects. */
  FRAME_COUNT("a clip has T=0 frames, or not the T the model expects"),
  /** A configured limit (record bytes, decoded bytes, width, height, frames) is exceeded. */
  OVERSIZE("a limit is exceeded: record bytes, decoded bytes, width, height or frames"),
  /** A JSON value is not well-formed JSON or not a JSON object. */
  INVALID_JSON("a JSON value is not well-formed JSON or not an object"),
  /** A JSON field is missing, null, of the wrong type or out of range. */
  INVALID_FIELD("a field is missing, null, of the wrong type or out of range"),
  /** A query names a property that is not a slot of the model's property schema. */
  UNKNOWN_PROPERTY("a query names a property that is not a slot of the property schema"),
  /** A label's sentence does not parse: a word the schema lacks, or words missing or left over. */
  UNKNOWN_WORD("a label's sentence has a word the schema lacks, or too few or too many words");

  private final String description;

  WireError(String description) {
    this.description = description;
  }

  /** When this code is raised, in one line (as listed in docs/wire-format.md). */
  public String description() {
    return description;
  }
}
