package io.actionstream.service.predict;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.actionstream.core.clip.Clip;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.model.ModelPackageValidator;
import io.actionstream.core.model.SlotPrediction;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.service.predict.PredictorOptions.ExecutionProvider;
import io.actionstream.streams.predictor.ModelInput;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import io.actionstream.streams.predictor.SlotScores;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * execution provider {@link PredictorOptions} asks for ({@link OrtSessions}).
 *
 * <p>{@link #predict} turns uint8 RGB clips {@code [t][y][x][rgb]} into the model's float32 {@code
 * [B,T,3,H,W]} input, normalised as {@code (u8/255 - mean[c]) / std[c]}, directly into a direct,
 * native-order float buffer (passed to ONNX Runtime without a copy; {@link InputTensors}). Buffers
 * are kept per calling thread and per batch size, so concurrent calls never share one; the single
 * session is shared (ONNX Runtime sessions are thread-safe). Every tensor and result is closed
 * after the call.
 *
 * <p>A package whose manifest says {@code slotPrediction: per_slot} is asked each wanted slot
 * alone: a clip whose mask asks n slots becomes n rows of one run, each with a one-hot mask, and
 * slot k's answer comes from the row that asked only k ({@link SlotPrediction}).
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
  private final InputTensors inputs;
  private final SlotPrediction slotPrediction;
  private final List<SlotMask> oneHot;

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
    this.input = new ModelInput(in.frames(), in.height(), in.width(), in.resizePolicy());
    this.clipName = in.clipName();
    this.maskName = in.maskName();
    this.probabilityNames =
        manifest.outputs().stream().map(ModelManifest.OutputSpec::probabilities).toList();
    this.inputs = new InputTensors(input, schema.slotCount(), in.normalisation());
    this.slotPrediction = manifest.parsedSlotPrediction();
    this.oneHot = new ArrayList<>(schema.slotCount());
    for (int k = 0; k < schema.slotCount(); k++) {
      oneHot.add(SlotMask.only(k, schema.slotCount()));
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
    OrtSessions.Opened opened = OrtSessions.open(env, modelPath, options);
    ExecutionProvider used = opened.executionProvider();
    LOG.info(
        "model {} version {} loaded from {} on {}",
        pkg.manifest().name(),
        pkg.manifest().version(),
        directory,
        used);
    return new OnnxRuntimePredictor(env, opened.session(), used, pkg.manifest());
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

  /** How this model is asked for several slots: in one mask, or each alone. */
  public SlotPrediction slotPrediction() {
    return slotPrediction;
  }

  /**
   * The full probability distributions: {@code [clip][slot][word]}, words in the schema's order.
   * With {@link SlotPrediction#PER_SLOT}, a slot the clip's mask does not ask holds the
   * distribution of the pass for the clip's first asked slot (callers read only asked slots).
   *
   * @throws IllegalArgumentException if the clips or masks do not fit the model (naming expected
   *     and got)
   * @throws IllegalStateException if ONNX Runtime fails
   */
  public float[][][] probabilities(List<Clip> clips, List<SlotMask> masks) {
    checkArguments(clips, masks);
    if (slotPrediction == SlotPrediction.JOINT) {
      return run(clips, masks);
    }
    int slots = schema.slotCount();
    List<Clip> rowClips = new ArrayList<>();
    List<SlotMask> rowMasks = new ArrayList<>();
    int[][] rowOf = new int[clips.size()][slots];
    for (int i = 0; i < clips.size(); i++) {
      int first = rowClips.size();
      for (int k = 0; k < slots; k++) {
        if (masks.get(i).isSet(k)) {
          rowOf[i][k] = rowClips.size();
          rowClips.add(clips.get(i));
          rowMasks.add(oneHot.get(k));
        } else {
          rowOf[i][k] = -1;
        }
      }
      for (int k = 0; k < slots; k++) {
        rowOf[i][k] = rowOf[i][k] < 0 ? first : rowOf[i][k];
      }
    }
    float[][][] rows = run(rowClips, rowMasks);
    float[][][] out = new float[clips.size()][slots][];
    for (int i = 0; i < clips.size(); i++) {
      for (int k = 0; k < slots; k++) {
        out[i][k] = rows[rowOf[i][k]][k];
      }
    }
    return out;
  }

  /** One ONNX Runtime run over checked clips and masks. */
  private float[][][] run(List<Clip> clips, List<SlotMask> masks) {
    int batch = clips.size();
    int slots = schema.slotCount();
    InputTensors.Filled in = inputs.fill(clips, masks);
    float[][][] out = new float[batch][slots][];
    try (OnnxTensor clipTensor = OnnxTensor.createTensor(env, in.clips(), in.clipShape());
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, in.masks(), in.maskShape());
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
