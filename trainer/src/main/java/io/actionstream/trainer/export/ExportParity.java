package io.actionstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtException;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Proves an exported graph before it is packaged: runs it in ONNX Runtime beside the DJL model on
 * the same clips and masks and measures the largest difference of any probability or logit. For
 * {@code mask_input: features} models the encoder and head part graphs are run in turn the same
 * way. The clips are Gaussian noise in normalised pixel units (batches of 3 and 1, the all-ones
 * mask and mixed masks), so the check needs no data.
 */
public final class ExportParity {
  /**
   * Largest difference allowed: absolute for probabilities, relative to the largest magnitude above
   * 1 for logits. Correct exports measure about 1e-6.
   */
  public static final double TOLERANCE = 1e-4;

  private static final long SEED = 5;

  private final ActionModel model;
  private final NDManager manager;

  ExportParity(NDManager manager, ActionModel model) {
    this.manager = manager;
    this.model = model;
  }

  /** DJL's outputs for one batch: per-slot probabilities and logits, each flattened. */
  record Outputs(List<float[]> probabilities, List<float[]> logits) {}

  /**
   * Measures {@code modelGraph}, and {@code encoderGraph} + {@code headGraph} when they are not
   * null, against the DJL model.
   *
   * @return the largest error seen (see {@link #TOLERANCE})
   */
  double measure(byte[] modelGraph, byte[] encoderGraph, byte[] headGraph) throws OrtException {
    ModelConfig config = model.config();
    int k = model.schema().slotCount();
    Random random = new Random(SEED);
    double worst = 0;
    try (OrtRunner whole = new OrtRunner(modelGraph);
        OrtRunner encoder = encoderGraph == null ? null : new OrtRunner(encoderGraph);
        OrtRunner head = headGraph == null ? null : new OrtRunner(headGraph)) {
      for (int batch : new int[] {3, 1}) {
        Shape clipShape = new Shape(batch, config.frames(), 3, config.height(), config.width());
        float[] clip = new float[(int) clipShape.size()];
        for (int i = 0; i < clip.length; i++) {
          clip[i] = (float) random.nextGaussian();
        }
        float[] features =
            encoder == null
                ? null
                : encoder
                    .run(new OrtRunner.Input(OnnxExporter.CLIP, clip, clipShape.getShape()))
                    .get(OnnxExporter.FEATURES);
        if (encoder != null && features == null) {
          return Double.POSITIVE_INFINITY; // the encoder graph has no features output
        }
        for (float[] mask : List.of(allOnes(batch, k), mixed(batch, k, random))) {
          Outputs djl = djl(manager, model, clip, clipShape, mask);
          worst =
              Math.max(
                  worst,
                  compare(
                      djl,
                      whole.run(
                          new OrtRunner.Input(OnnxExporter.CLIP, clip, clipShape.getShape()),
                          new OrtRunner.Input(OnnxExporter.MASK, mask, batch, k))));
          if (head != null) {
            worst =
                Math.max(
                    worst,
                    compare(
                        djl,
                        head.run(
                            new OrtRunner.Input(
                                OnnxExporter.FEATURES, features, batch, config.featureSize()),
                            new OrtRunner.Input(OnnxExporter.MASK, mask, batch, k))));
          }
        }
      }
    }
    return worst;
  }

  /**
   * Throws unless {@code error} is within {@link #TOLERANCE}.
   *
   * @throws IllegalStateException saying by how much the graph differs
   */
  static void require(double error) {
    if (!(error <= TOLERANCE)) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "the exported ONNX graph differs from the trained DJL model by %.3g in ONNX Runtime"
                  + " (tolerance %.0e): no package is written. This is a bug in the exporter or"
                  + " an engine fault; please report it with the run directory.",
              error,
              TOLERANCE));
    }
  }

  /** Runs {@code model} in DJL on {@code clip} (of {@code clipShape}) and {@code mask} [B, K]. */
  static Outputs djl(
      NDManager manager, ActionModel model, float[] clip, Shape clipShape, float[] mask) {
    try (NDManager scope = manager.newSubManager()) {
      long batch = clipShape.get(0);
      NDList out =
          model.forward(
              new ParameterStore(scope, false),
              new NDList(
                  scope.create(clip, clipShape),
                  scope.create(mask, new Shape(batch, mask.length / batch))),
              false);
      List<float[]> probs = new ArrayList<>();
      for (NDArray p : model.probabilities(out)) {
        probs.add(p.toFloatArray());
      }
      List<float[]> logits = new ArrayList<>();
      for (NDArray l : model.slotLogits(out)) {
        logits.add(l.toFloatArray());
      }
      return new Outputs(probs, logits);
    }
  }

  private double compare(Outputs djl, Map<String, float[]> onnx) {
    double worst = 0;
    for (int s = 0; s < model.schema().slotCount(); s++) {
      String slot = model.schema().slot(s).name();
      worst =
          Math.max(
              worst, error(djl.probabilities().get(s), onnx, OnnxExporter.probabilities(slot)));
      worst = Math.max(worst, error(djl.logits().get(s), onnx, OnnxExporter.logits(slot)));
    }
    return worst;
  }

  /** Largest |a − b| divided by max(1, max |a|); infinite if the output is missing or misshapen. */
  private static double error(float[] expected, Map<String, float[]> onnx, String name) {
    float[] actual = onnx.get(name);
    if (actual == null || actual.length != expected.length) {
      return Double.POSITIVE_INFINITY;
    }
    double max = 0;
    double scale = 1;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(expected[i] - actual[i]);
      max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    return max / scale;
  }

  private static float[] allOnes(int batch, int k) {
    float[] m = new float[batch * k];
    Arrays.fill(m, 1f);
    return m;
  }

  /** A random non-zero mask per row. */
  private static float[] mixed(int batch, int k, Random random) {
    float[] m = new float[batch * k];
    for (int b = 0; b < batch; b++) {
      int bits = 1 + random.nextInt((1 << k) - 1);
      for (int s = 0; s < k; s++) {
        m[b * k + s] = (bits >> s & 1);
      }
    }
    return m;
  }
}
