package io.actionstream.core.schema;

/** A sentence, word, mask or schema definition that does not fit the property schema. */
public class SchemaException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SchemaException(String message) {
    super(message);
  }

  /** An exception with a message and the error that caused it. */
  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
