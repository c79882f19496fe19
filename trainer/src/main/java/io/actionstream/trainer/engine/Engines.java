package io.actionstream.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine without touching the network, on kernels that compute right on this
 * processor. The native library comes from the {@code pytorch-native-cpu} classifier jar on the
 * class path; {@code ai.djl.offline=true} makes any attempt to download one fail instead of
 * reaching out.
 *
 * <p>On first use in a process, oneDNN (and NNPACK) are switched off ({@link TorchBackends}: the
 * bundled PyTorch 2.7.1's oneDNN convolutions are wrong on some processors, issue 13), unless the
 * system property {@value #ONEDNN_PROPERTY} is {@code true}; then {@link
 * EngineCheck#checkOperations} proves the kernels against plain-Java references and refuses a
 * faulty engine.
 */
public final class Engines {
  /** The engine name DJL registers for PyTorch. */
  public static final String PYTORCH = "PyTorch";

  /**
   * System property: {@code true} keeps PyTorch's oneDNN kernels (about 1.3× faster training on the
   * processors where they are right; the engine check still guards them). Default {@code false}.
   */
  public static final String ONEDNN_PROPERTY = "actionstream.trainer.onednn";

  private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
  private static volatile boolean checked;

  private Engines() {}

  /**
   * Returns the PyTorch engine, forcing offline mode first, and on the first call configures and
   * checks its kernels.
   *
   * @throws IllegalStateException if the native library cannot be loaded from the class path
   * @throws EngineFaultException if the engine computes wrong results on this processor
   */
  public static Engine pytorch() {
    System.setProperty("ai.djl.offline", "true");
    Engine engine;
    try {
      engine = Engine.getEngine(PYTORCH);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "DJL could not load the PyTorch engine offline; is ai.djl.pytorch:pytorch-native-cpu"
              + " (classifier linux-x86_64) on the class path?",
          e);
    }
    if (!checked) {
      synchronized (Engines.class) {
        if (!checked) {
          boolean oneDnn = Boolean.getBoolean(ONEDNN_PROPERTY);
          TorchBackends.useOneDnnAndNnpack(oneDnn);
          try (NDManager manager = engine.newBaseManager()) {
            EngineCheck.checkOperations(manager);
          }
          checked = true;
          LOG.debug(
              "PyTorch engine checked on {} (oneDNN {})",
              EngineCheck.processor(),
              oneDnn ? "on" : "off");
        }
      }
    }
    return engine;
  }

  /** Whether PyTorch may use its oneDNN kernels in this process now. */
  public static boolean oneDnnEnabled() {
    return TorchBackends.oneDnnEnabled();
  }
}
