package io.actionstream.core.registry;

/** A registry operation that cannot be done, with a {@link Reason} (docs/model-registry.md). */
public class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why an operation was refused or failed. */
  public enum Reason {
    /** No version of that name was published. */
    UNKNOWN_VERSION,
    /** A version of that name was already published (versions are immutable). */
    VERSION_EXISTS,
    /** The version is retired. */
    RETIRED,
    /** The version serves: it cannot be retired, and promoting it again changes nothing. */
    SERVING,
    /** No version serves yet, or none served before the serving one. */
    NO_SERVING_VERSION,
    /** A stored package is incomplete or its bytes differ from their recorded SHA-256. */
    CORRUPT_PACKAGE,
    /** A concurrent change by another writer came first and made this one void. */
    CONFLICT,
    /** The store cannot be used: unreachable, unreadable, or its topics are set up wrongly. */
    STORE
  }

  private final Reason reason;

  public RegistryException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public RegistryException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
