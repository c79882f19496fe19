package io.actionstream.core.model;

/** A model package that cannot be used, with a {@link Reason} saying which check failed. */
public class ModelPackageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which check a package failed. */
  public enum Reason {
    /** A file of the package is missing or unreadable. */
    MISSING_FILE,
    /** {@code manifest.json} is not valid JSON or lacks a required field. */
    INVALID_MANIFEST,
    /** The model file's SHA-256 differs from the manifest's. */
    BAD_CHECKSUM,
    /** The vocabulary differs from the one expected. */
    SCHEMA_MISMATCH,
    /** Frames, height or width differ from the ones expected. */
    SHAPE_MISMATCH,
    /** The model graph lacks an input or output the manifest names. */
    MISSING_TENSOR
  }

  private final Reason reason;

  public ModelPackageException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public ModelPackageException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** Which check failed. */
  public Reason reason() {
    return reason;
  }
}
