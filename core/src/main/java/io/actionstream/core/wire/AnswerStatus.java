package io.actionstream.core.wire;

/** Outcome of a {@link Query}; the JSON value is the constant's name. */
public enum AnswerStatus {
  /** Answered: {@code answers} holds one entry per asked property. */
  OK,
  /** No frames or clips have been seen for the stream. */
  UNKNOWN_STREAM,
  /** A property is not a slot of the model's schema. */
  UNKNOWN_PROPERTY,
  /** The stream is known but no complete clip has been assembled yet. */
  NO_CLIP_YET,
  /** The query could not be answered as asked (for example too old or malformed). */
  INVALID_QUERY,
  /** The service failed while answering; the message says why. */
  ERROR
}
