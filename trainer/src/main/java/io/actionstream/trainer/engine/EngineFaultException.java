package io.actionstream.trainer.engine;

/**
 * The PyTorch engine computed a wrong result in {@link EngineCheck}: training or exporting on this
 * machine would give NaN or a wrong model, so the trainer refuses to start. The message names the
 * processor, the operation and the error measured.
 */
public final class EngineFaultException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** A fault described by {@code message}. */
  public EngineFaultException(String message) {
    super(message);
  }
}
