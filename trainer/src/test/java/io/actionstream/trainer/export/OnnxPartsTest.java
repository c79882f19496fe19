package io.actionstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * For {@code mask_input: features} models, {@code encoder.onnx} then {@code head.onnx} computes
 * what {@code model.onnx} and DJL compute, so a masked query can rerun only the head on cached
 * features.
 */
class OnnxPartsTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"SLOTS, AVG4", "SENTENCE, AVG4", "SLOTS, MAX_TIME", "SENTENCE, FLATTEN"})
  @Timeout(60)
  void encoderThenHeadShouldEqualTheWholeModelForEveryMask(
      ModelConfig.Head head, ModelConfig.Pooling pooling) throws Exception {
    ModelConfig config =
        new ModelConfig(
            4,
            16,
            16,
            new int[] {4},
            new int[] {4, 6},
            3,
            head,
            ModelConfig.MaskInput.FEATURES,
            8,
            pooling,
            ModelConfig.StemDownsample.STRIDE);
    int batch = 3;
    int k = SCHEMA.slotCount();
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      ActionModel model = TinyModels.create(manager, config, 21);
      OnnxExporter exporter = new OnnxExporter(model);
      byte[] encoder = exporter.encoder("encoder", Map.of()).toByteArray();
      byte[] headGraph = exporter.head("head", Map.of()).toByteArray();
      for (String part : new String[] {"encoder", "head"}) {
        Path file = dir.resolve(part + ".onnx");
        Files.write(file, part.equals("encoder") ? encoder : headGraph);
        OnnxChecker.assertOk(OnnxChecker.check(file));
      }
      Shape clipShape = new Shape(batch, 4, 3, 16, 16);
      float[] clip = new float[(int) clipShape.size()];
      Random random = new Random(2);
      for (int i = 0; i < clip.length; i++) {
        clip[i] = (float) random.nextGaussian();
      }
      float[] djlFeatures;
      try (NDManager scope = manager.newSubManager()) {
        djlFeatures =
            model
                .clipFeatures(
                    new ParameterStore(scope, false),
                    new NDList(scope.create(clip, clipShape), scope.ones(new Shape(batch, k))),
                    false)
                .toFloatArray();
      }
      try (OrtRunner enc = new OrtRunner(encoder);
          OrtRunner hd = new OrtRunner(headGraph)) {
        float[] features =
            enc.run(new OrtRunner.Input(OnnxExporter.CLIP, clip, clipShape.getShape()))
                .get(OnnxExporter.FEATURES);
        assertEquals(batch * config.featureSize(), features.length);
        double df = OnnxParityTest.maxAbsDiff(djlFeatures, features);
        assertTrue(df <= OnnxParityTest.TOLERANCE, "features differ by " + df);
        double worst = df;
        // every non-zero mask over the same cached features
        for (int bits = 1; bits < 1 << k; bits++) {
          float[] mask = new float[batch * k];
          for (int b = 0; b < batch; b++) {
            for (int s = 0; s < k; s++) {
              mask[b * k + s] = (bits >> s & 1);
            }
          }
          Map<String, float[]> out =
              hd.run(
                  new OrtRunner.Input(OnnxExporter.FEATURES, features, batch, config.featureSize()),
                  new OrtRunner.Input(OnnxExporter.MASK, mask, batch, k));
          ExportParity.Outputs djl = ExportParity.djl(manager, model, clip, clipShape, mask);
          for (int s = 0; s < k; s++) {
            String slot = SCHEMA.slot(s).name();
            double d =
                OnnxParityTest.maxAbsDiff(
                    djl.probabilities().get(s), out.get(OnnxExporter.probabilities(slot)));
            worst = Math.max(worst, d);
            assertTrue(d <= OnnxParityTest.TOLERANCE, slot + " mask " + bits + " differs by " + d);
          }
        }
        System.out.printf("ONNX parity, encoder + head (%s): max |diff| = %.3g%n", head, worst);
      }
    }
  }

  @Test
  void inputMaskModelsShouldNotSplit() {
    ModelConfig config = FakeRuns.tiny(ModelConfig.Head.SLOTS, ModelConfig.MaskInput.INPUT);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      OnnxExporter exporter = new OnnxExporter(TinyModels.create(manager, config, 1));
      assertThrows(IllegalStateException.class, () -> exporter.encoder("x", Map.of()));
      assertThrows(IllegalStateException.class, () -> exporter.head("x", Map.of()));
    }
  }
}
