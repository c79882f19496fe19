package io.actionstream.core.wire;

/**
 * Names of the Kafka headers ActionStream reads and writes. All values are UTF-8 text; numbers are
 * ASCII decimal integers without sign or spaces, so that tools like {@code kcat -H name=value} can
 * write them. If a header occurs more than once, the last occurrence wins.
 */
public final class WireHeaders {
  private WireHeaders() {}

  /** Prefix shared by all ActionStream headers. */
  public static final String PREFIX = "as.";

  /** Schema version of a frame record; {@code "1"}. */
  public static final String VERSION = "as.v";

  /** The version this code writes and reads. */
  public static final String CURRENT_VERSION = "1";

  /** Index of the frame in its stream, a non-negative decimal integer. */
  public static final String FRAME_INDEX = "as.frame.index";

  /** Capture time of the frame, epoch milliseconds, a non-negative decimal integer. */
  public static final String CAPTURE_MS = "as.capture.ms";

  /** Frame width in pixels, a decimal integer 1..4096 (by default). */
  public static final String WIDTH = "as.width";

  /** Frame height in pixels, a decimal integer 1..4096 (by default). */
  public static final String HEIGHT = "as.height";

  /** Frame encoding: {@code raw}, {@code png} or {@code jpeg}. */
  public static final String ENCODING = "as.encoding";

  /** Labels: the clip's sentence, one word per slot in slot order, UTF-8 text. */
  public static final String LABEL_SENTENCE = "as.label.sentence";

  /** Labels resolved by the service: the {@code labelId} of the reference they came from. */
  public static final String LABEL_ID = "as.label.id";

  /** Dead letters: the error code ({@link WireError} name or a processing-error code). */
  public static final String DLQ_ERROR = "as.dlq.error";

  /** Dead letters: human-readable reason, at most 1000 characters. */
  public static final String DLQ_REASON = "as.dlq.reason";

  /** Dead letters: topic the record was read from. */
  public static final String DLQ_SOURCE_TOPIC = "as.dlq.source.topic";

  /** Dead letters: partition the record was read from. */
  public static final String DLQ_SOURCE_PARTITION = "as.dlq.source.partition";

  /** Dead letters: offset the record was read from. */
  public static final String DLQ_SOURCE_OFFSET = "as.dlq.source.offset";

  /** Dead letters: when the record was dead-lettered, epoch milliseconds. */
  public static final String DLQ_MS = "as.dlq.ms";
}
