package io.actionstream.trainer.engine;

/**
 * The PyTorch engine computed a wrong result in {@link EngineCheck}: training or exporting on this
 * machine would give NaN or a wrong model, so the trainer refuses to start. The message names the
 * processor, the operation and the error measured.
 */
public final class EngineFaultException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String finding;

  /** A fault: what was measured ({@code finding}) and what to do about it ({@code advice}). */
  public EngineFaultException(String finding, String advice) {
    super(finding + advice);
    this.finding = finding;
  }

  /** What was measured: the engine, the processor, the operation and its error. */
  public String finding() {
    return finding;
  }
}
