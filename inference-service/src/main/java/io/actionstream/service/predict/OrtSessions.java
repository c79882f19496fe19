package io.actionstream.service.predict;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.actionstream.service.predict.PredictorOptions.ExecutionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the ONNX Runtime session of a model on the execution provider {@link PredictorOptions}
 * asks for: {@code cpu}, {@code cuda} (refused with the reason and a hint when CUDA cannot be
 * used), or {@code auto} (CUDA where it works, else CPU with a warning).
 */
final class OrtSessions {
  private static final Logger LOG = LoggerFactory.getLogger(OrtSessions.class);

  /**
   * A session and the provider it runs on.
   *
   * @param session the session
   * @param executionProvider {@code CPU} or {@code CUDA}, never {@code AUTO}
   */
  record Opened(OrtSession session, ExecutionProvider executionProvider) {}

  private OrtSessions() {}

  /**
   * Opens {@code modelPath} as {@code options} say.
   *
   * @throws IllegalStateException if ONNX Runtime cannot create the session, or if {@code cuda} was
   *     asked for and the CUDA provider cannot be added
   */
  static Opened open(OrtEnvironment env, String modelPath, PredictorOptions options) {
    switch (options.executionProvider()) {
      case CPU -> {
        return new Opened(cpuSession(env, modelPath, options), ExecutionProvider.CPU);
      }
      case CUDA -> {
        try {
          return new Opened(createSession(env, modelPath, options, true), ExecutionProvider.CUDA);
        } catch (CudaUnavailableException e) {
          throw new IllegalStateException(
              "execution provider cuda was asked for but CUDA cannot be used ("
                  + e.getMessage()
                  + "); "
                  + cudaHint()
                  + ". Use cpu or auto.",
              e.getCause());
        }
      }
      case AUTO -> {
        try {
          return new Opened(createSession(env, modelPath, options, true), ExecutionProvider.CUDA);
        } catch (CudaUnavailableException e) {
          LOG.warn(
              "execution provider auto: CUDA cannot be used ({}); falling back to CPU",
              e.getMessage());
          return new Opened(cpuSession(env, modelPath, options), ExecutionProvider.CPU);
        }
      }
      default -> throw new IllegalArgumentException(options.executionProvider().toString());
    }
  }

  /**
   * Why CUDA may be missing: the CPU artifact ({@code onnxruntime}) has no CUDA provider at all
   * ({@link OrtEnvironment#getAvailableProviders()} lacks it, and {@code addCUDA} fails with {@code
   * ORT_EP_FAIL} "Failed to find CUDA shared provider"); the GPU artifact has it but needs the CUDA
   * 12 and cuDNN 9 libraries and a device at run time.
   */
  private static String cudaHint() {
    return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)
        ? "this ONNX Runtime build has the CUDA provider, so the CUDA 12 / cuDNN 9 libraries or a"
            + " CUDA device are missing"
        : "this build carries the CPU-only onnxruntime artifact (build the service with -Pcuda for"
            + " onnxruntime_gpu)";
  }

  /** Thrown internally when the CUDA provider cannot be added or its session not created. */
  private static final class CudaUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    CudaUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static OrtSession cpuSession(
      OrtEnvironment env, String modelPath, PredictorOptions options) {
    try {
      return createSession(env, modelPath, options, false);
    } catch (CudaUnavailableException e) {
      throw new AssertionError("no CUDA was asked for", e);
    }
  }

  private static OrtSession createSession(
      OrtEnvironment env, String modelPath, PredictorOptions options, boolean cuda)
      throws CudaUnavailableException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setOptimizationLevel(options.optimisation().ortLevel());
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      if (cuda) {
        try {
          so.addCUDA();
        } catch (OrtException | RuntimeException | LinkageError e) {
          throw new CudaUnavailableException("adding the CUDA provider failed: " + e, e);
        }
        try {
          return env.createSession(modelPath, so);
        } catch (OrtException e) {
          throw new CudaUnavailableException("creating a CUDA session failed: " + e, e);
        }
      }
      return env.createSession(modelPath, so);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime cannot create a session for " + modelPath + ": " + e.getMessage(), e);
    } finally {
      // The session keeps what it needs; the options object can go.
      so.close();
    }
  }
}
