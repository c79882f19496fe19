package io.actionstream.trainer.engine;

import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the trainer lets PyTorch use its oneDNN kernels, from the system property {@value
 * Engines#ONEDNN_PROPERTY}: {@code auto} (the default) uses them while {@link EngineCheck} finds
 * them right on this processor and falls back to PyTorch's own kernels when it does not; {@code
 * off} never uses them (the same kernels on every machine, about 0.6× the training speed); {@code
 * on} always does, and refuses to train where they are wrong.
 */
enum OneDnn {
  AUTO,
  ON,
  OFF;

  private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);

  /**
   * The mode of {@code value}.
   *
   * @throws IllegalArgumentException naming the property and the allowed values
   */
  static OneDnn parse(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          Engines.ONEDNN_PROPERTY + " must be auto, on or off, got '" + value + "'", e);
    }
  }

  /**
   * Sets the kernels by this mode and proves them with {@code check}. {@code AUTO} tries oneDNN
   * first and, when {@code check} throws an {@link EngineFaultException}, logs the fault, switches
   * oneDNN off and checks again.
   *
   * @param useOneDnn switches oneDNN on ({@code true}) or off
   * @param check throws {@link EngineFaultException} when the engine computes wrong
   * @return whether oneDNN is on afterwards
   * @throws EngineFaultException if the kernels this mode allows are wrong
   */
  boolean select(Consumer<Boolean> useOneDnn, Runnable check) {
    boolean oneDnn = this != OFF;
    useOneDnn.accept(oneDnn);
    try {
      check.run();
      return oneDnn;
    } catch (EngineFaultException e) {
      if (this != AUTO) {
        throw e;
      }
      LOG.warn(
          "{}. Falling back to PyTorch's own kernels (oneDNN off, slower training).", e.finding());
      useOneDnn.accept(false);
      check.run();
      return false;
    }
  }
}
