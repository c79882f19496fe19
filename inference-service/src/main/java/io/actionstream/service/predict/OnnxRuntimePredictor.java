package io.actionstream.service.predict;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.actionstream.core.clip.Clip;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.model.ModelPackageValidator;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.service.predict.PredictorOptions.ExecutionProvider;
import io.actionstream.streams.predictor.ModelInput;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import io.actionstream.streams.predictor.SlotScores;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Predictor} running a model package's {@code model.onnx} with ONNX Runtime.
 *
 * <p>{@link #open} validates the package ({@link ModelPackageValidator}: manifest, SHA-256, the
 * graph's inputs, outputs and metadata against the manifest) and creates one session on the
 * execution provider {@link PredictorOptions} asks for.
 *
 * <p>{@link #predict} turns uint8 RGB clips {@code [t][y][x][rgb]} into the model's float32 {@code
 * [B,T,3,H,W]} input, normalised as {@code (u8/255 - mean[c]) / std[c]}, directly into a direct,
 * native-order {@link FloatBuffer} (passed to ONNX Runtime without a copy). Buffers are kept per
 * calling thread and per batch size, so concurrent calls never share one; the single session is
 * shared (ONNX Runtime sessions are thread-safe). Every tensor and result is closed after the call.
 *
 * <p>Close the predictor to release the session; the process-wide {@link OrtEnvironment} stays.
 */
public final class OnnxRuntimePredictor implements Predictor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimePredictor.class);

  private final OrtEnvironment env;
  private final OrtSession session;
  private final ExecutionProvider executionProvider;
  private final ModelManifest manifest;
  private final PropertySchema schema;
  private final ModelInput input;
  private final String clipName;
  private final String maskName;
  private final List<String> probabilityNames;

  /** Normalised value of each uint8 per channel: {@code (u8/255 - mean[c]) / std[c]}. */
  private final float[][] normalised = new float[3][256];

  private final ThreadLocal<Map<Integer, Buffers>> buffers = ThreadLocal.withInitial(HashMap::new);

  private OnnxRuntimePredictor(
      OrtEnvironment env,
      OrtSession session,
      ExecutionProvider executionProvider,
      ModelManifest manifest) {
    this.env = env;
    this.session = session;
    this.executionProvider = executionProvider;
    this.manifest = manifest;
    this.schema = manifest.propertySchema();
    ModelManifest.InputSpec in = manifest.input();
    this.input = new ModelInput(in.frames(), in.height(), in.width());
    this.clipName = in.clipName();
    this.maskName = in.maskName();
    this.probabilityNames =
        manifest.outputs().stream().map(ModelManifest.OutputSpec::probabilities).toList();
    ModelManifest.Normalisation norm =
        in.normalisation() == null ? ModelManifest.Normalisation.unit() : in.normalisation();
    for (int c = 0; c < 3; c++) {
      float scale = 1f / (255f * norm.std()[c]);
      float offset = -norm.mean()[c] / norm.std()[c];
      for (int v = 0; v < 256; v++) {
        normalised[c][v] = v * scale + offset;
      }
    }
  }

  /**
   * Opens the package in {@code directory} with {@code options}.
   *
   * @throws ModelPackageException if the package fails a check of {@link ModelPackageValidator}
   * @throws IllegalStateException if ONNX Runtime cannot create the session, or if {@code cuda} was
   *     asked for and the CUDA provider cannot be added
   */
  public static OnnxRuntimePredictor open(Path directory, PredictorOptions options) {
    ModelPackage pkg = ModelPackageValidator.validate(directory);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    String modelPath = pkg.modelFile().toString();
    OrtSession session;
    ExecutionProvider used;
    switch (options.executionProvider()) {
      case CPU -> {
        session = cpuSession(env, modelPath, options);
        used = ExecutionProvider.CPU;
      }
      case CUDA -> {
        try {
          session = createSession(env, modelPath, options, true);
        } catch (CudaUnavailableException e) {
          throw new IllegalStateException(
              "execution provider cuda was asked for but CUDA cannot be used ("
                  + e.getMessage()
                  + "); "
                  + cudaHint()
                  + ". Use cpu or auto.",
              e.getCause());
        }
        used = ExecutionProvider.CUDA;
      }
      case AUTO -> {
        ExecutionProvider chosen;
        OrtSession s;
        try {
          s = createSession(env, modelPath, options, true);
          chosen = ExecutionProvider.CUDA;
        } catch (CudaUnavailableException e) {
          LOG.warn(
              "execution provider auto: CUDA cannot be used ({}); falling back to CPU",
              e.getMessage());
          s = cpuSession(env, modelPath, options);
          chosen = ExecutionProvider.CPU;
        }
        session = s;
        used = chosen;
      }
      default -> throw new IllegalArgumentException(options.executionProvider().toString());
    }
    LOG.info(
        "model {} version {} loaded from {} on {}",
        pkg.manifest().name(),
        pkg.manifest().version(),
        directory,
        used);
    return new OnnxRuntimePredictor(env, session, used, pkg.manifest());
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

  /** The execution provider in use: {@code CPU} or {@code CUDA}, never {@code AUTO}. */
  public ExecutionProvider executionProvider() {
    return executionProvider;
  }

  /** The package manifest. */
  public ModelManifest manifest() {
    return manifest;
  }

  @Override
  public PropertySchema schema() {
    return schema;
  }

  @Override
  public ModelInput input() {
    return input;
  }

  @Override
  public String modelVersion() {
    return manifest.version();
  }

  @Override
  public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
    float[][][] probs = probabilities(clips, masks);
    List<SlotScores> scores = new ArrayList<>(clips.size());
    int slots = schema.slotCount();
    for (float[][] clipProbs : probs) {
      int[] ids = new int[slots];
      double[] p = new double[slots];
      for (int k = 0; k < slots; k++) {
        float[] row = clipProbs[k];
        int best = 0;
        for (int j = 1; j < row.length; j++) {
          if (row[j] > row[best]) {
            best = j;
          }
        }
        ids[k] = best;
        p[k] = row[best];
      }
      scores.add(new SlotScores(ids, p));
    }
    return new PredictorResult(manifest.version(), scores);
  }

  /**
   * The full probability distributions: {@code [clip][slot][word]}, words in the schema's order.
   *
   * @throws IllegalArgumentException if the clips or masks do not fit the model (naming expected
   *     and got)
   * @throws IllegalStateException if ONNX Runtime fails
   */
  public float[][][] probabilities(List<Clip> clips, List<SlotMask> masks) {
    int batch = checkArguments(clips, masks);
    int slots = schema.slotCount();
    Buffers buf = buffers.get().computeIfAbsent(batch, this::allocate);
    fillClips(clips, buf.clips, buf.plane);
    buf.masks.clear();
    for (SlotMask mask : masks) {
      buf.masks.put(mask.toFloats());
    }
    buf.masks.flip();
    float[][][] out = new float[batch][slots][];
    try (OnnxTensor clipTensor = OnnxTensor.createTensor(env, buf.clips, buf.clipShape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, buf.masks, buf.maskShape);
        OrtSession.Result result =
            session.run(Map.of(clipName, clipTensor, maskName, maskTensor))) {
      for (int k = 0; k < slots; k++) {
        String name = probabilityNames.get(k);
        Optional<OnnxValue> value = result.get(name);
        if (value.isEmpty() || !(value.get().getValue() instanceof float[][] rows)) {
          throw new IllegalStateException("model output '" + name + "' missing or not float[B][n]");
        }
        for (int b = 0; b < batch; b++) {
          out[b][k] = rows[b];
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
    }
    return out;
  }

  private int checkArguments(List<Clip> clips, List<SlotMask> masks) {
    if (clips.isEmpty()) {
      throw new IllegalArgumentException("expected at least one clip, got none");
    }
    if (masks.size() != clips.size()) {
      throw new IllegalArgumentException(
          "expected one mask per clip (" + clips.size() + "), got " + masks.size());
    }
    for (int i = 0; i < clips.size(); i++) {
      Clip clip = clips.get(i);
      if (clip.frames() != input.frames()
          || clip.height() != input.height()
          || clip.width() != input.width()) {
        throw new IllegalArgumentException(
            "clip "
                + i
                + ": expected T="
                + input.frames()
                + " H="
                + input.height()
                + " W="
                + input.width()
                + ", got T="
                + clip.frames()
                + " H="
                + clip.height()
                + " W="
                + clip.width());
      }
      if (masks.get(i).size() != schema.slotCount()) {
        throw new IllegalArgumentException(
            "mask "
                + i
                + ": expected "
                + schema.slotCount()
                + " slots, got "
                + masks.get(i).size());
      }
    }
    return clips.size();
  }

  /**
   * Writes {@code [B,T,3,H,W]} normalised floats from {@code [t][y][x][rgb]} uint8 pixels: each
   * colour plane is de-interleaved through the per-channel lookup table into {@code plane} (a heap
   * array, so the loop has no buffer bookkeeping) and copied into {@code dst} in one bulk put.
   */
  private void fillClips(List<Clip> clips, FloatBuffer dst, float[] plane) {
    int t = input.frames();
    int hw = plane.length;
    dst.clear();
    for (Clip clip : clips) {
      byte[] px = clip.pixels();
      for (int f = 0; f < t; f++) {
        int base = clip.frameOffset(f);
        for (int c = 0; c < 3; c++) {
          float[] table = normalised[c];
          for (int i = 0, src = base + c; i < hw; i++, src += 3) {
            plane[i] = table[px[src] & 0xFF];
          }
          dst.put(plane, 0, hw);
        }
      }
    }
    dst.flip();
  }

  private Buffers allocate(int batch) {
    long[] clipShape = {batch, input.frames(), 3, input.height(), input.width()};
    long[] maskShape = {batch, schema.slotCount()};
    int clipFloats = Math.multiplyExact(batch, 3 * input.frames() * input.height() * input.width());
    return new Buffers(
        direct(clipFloats),
        direct(batch * schema.slotCount()),
        new float[input.height() * input.width()],
        clipShape,
        maskShape);
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES))
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /** One thread's input buffers for one batch size. */
  private record Buffers(
      FloatBuffer clips, FloatBuffer masks, float[] plane, long[] clipShape, long[] maskShape) {}

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing the ONNX Runtime session failed", e);
    }
  }
}
