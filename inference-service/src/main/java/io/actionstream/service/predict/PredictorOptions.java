package io.actionstream.service.predict;

import ai.onnxruntime.OrtSession;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link OnnxRuntimePredictor} sets up its ONNX Runtime session.
 *
 * @param executionProvider where the model runs ({@code auto}, {@code cpu} or {@code cuda})
 * @param intraOpThreads threads ONNX Runtime uses inside one operator; 0 leaves ONNX Runtime's
 *     default (one per physical core). Size it to the cores left after the stream threads
 * @param optimisation graph optimisation level applied when the session is created
 */
public record PredictorOptions(
    ExecutionProvider executionProvider, int intraOpThreads, Optimisation optimisation) {

  /** Where the model runs. */
  public enum ExecutionProvider {
    /** Try CUDA, fall back to CPU with a WARN log line when CUDA cannot be had. */
    AUTO,
    /** CPU only. */
    CPU,
    /** CUDA only: construction fails when the CUDA provider cannot be added. */
    CUDA;

    /**
     * Parses {@code auto}, {@code cpu} or {@code cuda} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ExecutionProvider parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "execution provider must be auto, cpu or cuda, got " + value, e);
      }
    }
  }

  /** ONNX Runtime graph optimisation levels. */
  public enum Optimisation {
    /** No graph optimisation. */
    NONE(OrtSession.SessionOptions.OptLevel.NO_OPT),
    /** Basic (semantics-preserving node eliminations, constant folding). */
    BASIC(OrtSession.SessionOptions.OptLevel.BASIC_OPT),
    /** Basic plus extended fusions. */
    EXTENDED(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT),
    /** Everything, including layout optimisations (ONNX Runtime's default). */
    ALL(OrtSession.SessionOptions.OptLevel.ALL_OPT);

    private final OrtSession.SessionOptions.OptLevel level;

    Optimisation(OrtSession.SessionOptions.OptLevel level) {
      this.level = level;
    }

    OrtSession.SessionOptions.OptLevel ortLevel() {
      return level;
    }

    /**
     * Parses {@code none}, {@code basic}, {@code extended} or {@code all} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Optimisation parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "optimisation level must be none, basic, extended or all, got " + value, e);
      }
    }
  }

  /** Checks the values. */
  public PredictorOptions {
    Objects.requireNonNull(executionProvider, "executionProvider");
    Objects.requireNonNull(optimisation, "optimisation");
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "intra-op threads must be 0 (default) or positive, got " + intraOpThreads);
    }
  }

  /** {@code auto}, ONNX Runtime's default thread count, all optimisations. */
  public static PredictorOptions defaults() {
    return new PredictorOptions(ExecutionProvider.AUTO, 0, Optimisation.ALL);
  }

  /** A copy with another execution provider. */
  public PredictorOptions withExecutionProvider(ExecutionProvider provider) {
    return new PredictorOptions(provider, intraOpThreads, optimisation);
  }

  /** A copy with another intra-op thread count. */
  public PredictorOptions withIntraOpThreads(int threads) {
    return new PredictorOptions(executionProvider, threads, optimisation);
  }

  /** A copy with another optimisation level. */
  public PredictorOptions withOptimisation(Optimisation level) {
    return new PredictorOptions(executionProvider, intraOpThreads, level);
  }
}
