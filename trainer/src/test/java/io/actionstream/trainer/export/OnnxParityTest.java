package io.actionstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exported graph computes what DJL computes: ONNX Runtime's probabilities equal {@link
 * ActionModel#probabilities} within {@value #TOLERANCE} (absolute), over tiny models covering every
 * structural choice (stem, layers, kernel, head, mask input, pooling, stem downsampling), for batch
 * sizes 1 and 3, the all-ones mask and partial masks.
 */
class OnnxParityTest {
  /** Largest allowed absolute difference of a probability (and of a logit). */
  static final float TOLERANCE = (float) ExportParity.TOLERANCE;

  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static double worstProbability;
  private static double worstLogit;

  @TempDir Path dir;

  static ModelConfig config(
      String stem,
      String hidden,
      int kernel,
      int frames,
      int height,
      int width,
      String head,
      String mask,
      String pooling,
      String stemDownsample) {
    return new ModelConfig(
        frames,
        height,
        width,
        ints(stem),
        ints(hidden),
        kernel,
        ModelConfig.Head.valueOf(head),
        ModelConfig.MaskInput.valueOf(mask),
        8,
        ModelConfig.Pooling.valueOf(pooling),
        ModelConfig.StemDownsample.valueOf(stemDownsample));
  }

  static int[] ints(String list) {
    return list.isBlank()
        ? new int[0]
        : Arrays.stream(list.split(" ")).mapToInt(Integer::parseInt).toArray();
  }

  @ParameterizedTest(
      name = "stem [{0}] {9} convlstm [{1}] k{2} T{3} {4}x{5} {6} mask {7} pooling {8}")
  @CsvSource({
    "8,   6,   3, 4, 16, 16, SLOTS,    INPUT,    AVG4,     STRIDE",
    "'',  4 6, 5, 6, 16, 16, SENTENCE, INPUT,    AVG4,     STRIDE",
    "8,   4 6, 3, 4, 16, 16, SLOTS,    FEATURES, AVG4,     STRIDE",
    "'',  6,   1, 4, 12, 16, SENTENCE, FEATURES, AVG4,     STRIDE",
    "8,   6,   5, 6, 16, 16, SENTENCE, INPUT,    AVG4,     STRIDE",
    "4 8, 6,   3, 4, 16, 16, SLOTS,    FEATURES, AVG4,     STRIDE",
    "8,   6,   3, 4, 16, 16, SLOTS,    INPUT,    MAX,      STRIDE",
    "8,   4 6, 3, 5, 16, 16, SLOTS,    FEATURES, MAX_TIME, STRIDE",
    "'',  6,   3, 4, 12, 8,  SENTENCE, INPUT,    MAX_TIME, STRIDE",
    "8,   6,   3, 4, 8,  16, SLOTS,    INPUT,    FLATTEN,  STRIDE",
    "4 8, 6,   3, 4, 16, 16, SLOTS,    INPUT,    AVG4,     MAX_POOL",
    "8,   4 6, 5, 4, 16, 16, SENTENCE, FEATURES, MAX,      MAX_POOL",
    "8,   6,   3, 4, 16, 16, FACTORED, INPUT,    MAX_TIME, MAX_POOL",
    "'',  4 6, 3, 5, 12, 16, FACTORED, INPUT,    MAX,      STRIDE"
  })
  @Timeout(60)
  void onnxRuntimeShouldMatchDjlWithinTolerance(
      String stem,
      String hidden,
      int kernel,
      int frames,
      int height,
      int width,
      String head,
      String mask,
      String pooling,
      String stemDownsample)
      throws Exception {
    ModelConfig config =
        config(stem, hidden, kernel, frames, height, width, head, mask, pooling, stemDownsample);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      ActionModel model = TinyModels.create(manager, config, 11);
      OnnxMl.ModelProto proto = new OnnxExporter(model).model("parity test", Map.of());
      Path file = dir.resolve("model.onnx");
      Files.write(file, proto.toByteArray());
      OnnxChecker.assertOk(OnnxChecker.check(file));
      Random random = new Random(5);
      try (OrtRunner ort = new OrtRunner(proto.toByteArray())) {
        for (int batch : new int[] {1, 3}) {
          Shape clipShape = new Shape(batch, frames, 3, height, width);
          float[] clip = new float[(int) clipShape.size()];
          for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) random.nextGaussian();
          }
          assertParity(manager, model, ort, clip, clipShape, allOnes(batch));
          assertParity(manager, model, ort, clip, clipShape, partial(batch, random));
        }
      }
    }
  }

  static float[] allOnes(int batch) {
    float[] m = new float[batch * SCHEMA.slotCount()];
    Arrays.fill(m, 1f);
    return m;
  }

  /** Random non-zero masks, not all ones in the first row. */
  static float[] partial(int batch, Random random) {
    int k = SCHEMA.slotCount();
    float[] m = new float[batch * k];
    for (int b = 0; b < batch; b++) {
      int bits = b == 0 ? 0b0101 : 1 + random.nextInt((1 << k) - 2);
      for (int s = 0; s < k; s++) {
        m[b * k + s] = (bits >> s & 1) == 1 ? 1f : 0f;
      }
    }
    return m;
  }

  /**
   * Runs DJL and ONNX Runtime on the same inputs and compares every output of every slot.
   *
   * @return the largest absolute difference of a probability
   */
  static double assertParity(
      NDManager manager,
      ActionModel model,
      OrtRunner ort,
      float[] clip,
      Shape clipShape,
      float[] mask)
      throws Exception {
    long batch = clipShape.get(0);
    ExportParity.Outputs djl = ExportParity.djl(manager, model, clip, clipShape, mask);
    Map<String, float[]> onnx =
        ort.run(
            new OrtRunner.Input(OnnxExporter.CLIP, clip, clipShape.getShape()),
            new OrtRunner.Input(OnnxExporter.MASK, mask, batch, SCHEMA.slotCount()));
    double worst = 0;
    for (int s = 0; s < SCHEMA.slotCount(); s++) {
      String slot = SCHEMA.slot(s).name();
      float[] p = onnx.get(OnnxExporter.probabilities(slot));
      float[] l = onnx.get(OnnxExporter.logits(slot));
      assertEquals(batch * SCHEMA.slot(s).size(), p.length, "prob_" + slot + " size");
      double dp = maxAbsDiff(djl.probabilities().get(s), p);
      double dl = maxAbsDiff(djl.logits().get(s), l);
      record(dp, dl);
      assertTrue(dp <= TOLERANCE, "prob_" + slot + " differs by " + dp);
      assertTrue(dl <= TOLERANCE, "logits_" + slot + " differs by " + dl);
      worst = Math.max(worst, dp);
    }
    return worst;
  }

  static synchronized void record(double probability, double logit) {
    worstProbability = Math.max(worstProbability, probability);
    worstLogit = Math.max(worstLogit, logit);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length, "lengths");
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "ONNX parity: max |prob diff| = %.3g, max |logit diff| = %.3g (tolerance %.0e)%n",
        worstProbability, worstLogit, TOLERANCE);
  }

  static List<String> slotNames() {
    return SCHEMA.slots().stream().map(s -> s.name()).toList();
  }
}
