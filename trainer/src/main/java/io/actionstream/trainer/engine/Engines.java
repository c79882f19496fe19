package io.actionstream.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.model.ModelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine without touching the network, on kernels that compute right on this
 * processor. The native library comes from the {@code pytorch-native-cpu} classifier jar on the
 * class path; {@code ai.djl.offline=true} makes any attempt to download one fail instead of
 * reaching out.
 *
 * <p>On first use in a process, {@link EngineCheck#checkOperations} proves the kernels against
 * plain-Java references. The bundled PyTorch 2.7.1's oneDNN convolutions are wrong on some
 * processors (issue 13), so by default ({@link OneDnn#AUTO}) a fault there switches oneDNN off
 * ({@link TorchBackends}) and the check runs again on PyTorch's own kernels; an engine that is
 * still wrong is refused.
 */
public final class Engines {
  /** The engine name DJL registers for PyTorch. */
  public static final String PYTORCH = "PyTorch";

  /**
   * System property choosing PyTorch's oneDNN kernels: {@code auto} (default), {@code on} or {@code
   * off}; see docs/training.md, "Engine check".
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
          try (NDManager manager = engine.newBaseManager()) {
            boolean oneDnn =
                mode()
                    .select(
                        TorchBackends::useOneDnnAndNnpack,
                        () -> EngineCheck.checkOperations(manager));
            LOG.debug(
                "PyTorch kernels checked on {} (oneDNN {})",
                EngineCheck.processor(),
                oneDnn ? "on" : "off");
          }
          checked = true;
        }
      }
    }
    return engine;
  }

  /**
   * Proves the engine on the model that is about to be trained, at its own layer shapes ({@link
   * EngineCheck#checkModel}); with {@code auto}, falls back from oneDNN when it is wrong there.
   *
   * @throws EngineFaultException if the engine computes this model wrong
   */
  public static synchronized void checkModel(ModelConfig config, PropertySchema schema, int batch) {
    pytorch();
    OneDnn mode = oneDnnEnabled() ? mode() : OneDnn.OFF;
    mode.select(
        TorchBackends::useOneDnnAndNnpack, () -> EngineCheck.checkModel(config, schema, batch));
  }

  private static OneDnn mode() {
    return OneDnn.parse(System.getProperty(ONEDNN_PROPERTY));
  }

  /**
   * Switches oneDNN (and NNPACK) on or off for the rest of the process, without a new engine check:
   * for benchmarks that compare the two in one run. Training goes through {@link #pytorch()}'s
   * checked setting.
   */
  public static void useOneDnn(boolean enabled) {
    pytorch();
    TorchBackends.useOneDnnAndNnpack(enabled);
  }

  /** Whether PyTorch may use its oneDNN kernels in this process now. */
  public static boolean oneDnnEnabled() {
    pytorch();
    return TorchBackends.oneDnnEnabled();
  }
}
