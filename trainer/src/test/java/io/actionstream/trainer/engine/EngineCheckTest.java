package io.actionstream.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.model.ModelConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EngineCheckTest {

  @Test
  void shouldSwitchLibtorchsOneDnnAndNnpackFlagsTogether() {
    Engines.pytorch();
    boolean before = TorchBackends.oneDnnEnabled();
    try {
      TorchBackends.useOneDnnAndNnpack(false);
      assertFalse(TorchBackends.oneDnnEnabled());
      assertFalse(TorchBackends.nnpackEnabled());
      TorchBackends.useOneDnnAndNnpack(true);
      assertTrue(TorchBackends.oneDnnEnabled());
      assertTrue(TorchBackends.nnpackEnabled());
    } finally {
      TorchBackends.useOneDnnAndNnpack(before);
    }
  }

  @Test
  void shouldFindTheOperationsRightWithPyTorchsOwnKernelsToo() {
    boolean before = Engines.oneDnnEnabled();
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      TorchBackends.useOneDnnAndNnpack(false);
      assertDoesNotThrow(() -> EngineCheck.checkOperations(manager));
    } finally {
      TorchBackends.useOneDnnAndNnpack(before);
    }
  }

  @Test
  void shouldFindEveryOperationRightOnThisProcessor() {
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      assertDoesNotThrow(() -> EngineCheck.checkOperations(manager));
    }
  }

  @ParameterizedTest
  @EnumSource(ModelConfig.MaskInput.class)
  void shouldFindTheModelsOwnLayersRightInFloat32(ModelConfig.MaskInput mask) {
    // 8 + 4 mask + 8 hidden = 20 gate input channels with the mask at the input: above 16 and not
    // a multiple of it, the kind of count the faulty oneDNN kernels got wrong.
    ModelConfig config =
        new ModelConfig(
            3,
            16,
            16,
            new int[] {8},
            new int[] {8},
            3,
            ModelConfig.Head.SENTENCE,
            mask,
            16,
            ModelConfig.Pooling.AVG4,
            ModelConfig.StemDownsample.STRIDE);
    assertDoesNotThrow(() -> EngineCheck.checkModel(config, PropertySchema.defaultSchema(), 2));
  }

  @Test
  void shouldRefuseAWrongConvolutionNamingProcessorOperationAndError() {
    // A kernel that drops every input channel after the 16th, as a faulty blocking would.
    float[] x = new float[2 * 18 * 4 * 4];
    float[] w = new float[3 * 18 * 9];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.cos(i) / 10;
    }
    float[] bias = {0.1f, -0.2f, 0.3f};
    float[] truncated = w.clone();
    for (int o = 0; o < 3; o++) {
      for (int c = 16; c < 18; c++) {
        for (int t = 0; t < 9; t++) {
          truncated[(o * 18 + c) * 9 + t] = 0;
        }
      }
    }
    EngineCheck.Probe faulty =
        new EngineCheck.Probe(
            "float32 conv2d [2, 18, 4, 4]",
            "a plain-Java loop",
            m -> ReferenceMath.conv2d(x, 2, 18, 4, 4, truncated, bias, 3, 3),
            m -> ReferenceMath.conv2d(x, 2, 18, 4, 4, w, bias, 3, 3));
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      EngineFaultException e =
          assertThrows(EngineFaultException.class, () -> EngineCheck.run(manager, List.of(faulty)));
      assertTrue(e.getMessage().contains(EngineCheck.processor()), e.getMessage());
      assertTrue(
          e.getMessage().contains("float32 conv2d [2, 18, 4, 4] differs from a plain-Java"),
          e.getMessage());
      assertTrue(e.getMessage().contains("max |error|"), e.getMessage());
      assertTrue(e.getMessage().contains("refuses to run"), e.getMessage());
    }
  }

  @Test
  void shouldRefuseNaNEvenWhereTheReferenceIsNaN() {
    EngineFaultException e =
        assertThrows(
            EngineFaultException.class,
            () ->
                EngineCheck.require(
                    "op", "ref", new double[] {1, Double.NaN}, new double[] {1, Double.NaN}));
    assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
  }

  @Test
  void shouldAcceptFloat32RoundingAndRefuseAnErrorAboveTheTolerance() {
    double[] reference = {10, -3, 0.5};
    assertDoesNotThrow(
        () -> EngineCheck.require("op", "ref", new double[] {10.00001, -3, 0.5}, reference));
    assertThrows(
        EngineFaultException.class,
        () -> EngineCheck.require("op", "ref", new double[] {10.02, -3, 0.5}, reference));
  }

  @Test
  void referenceConvolutionShouldMatchAHandComputedExample() {
    // 1 channel 3×3 image, kernel with a single 1 on the right of the centre: a shift left.
    float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] kernel = {0, 0, 0, 0, 0, 1, 0, 0, 0};
    double[] y = ReferenceMath.conv2d(image, 1, 1, 3, 3, kernel, new float[] {0.5f}, 1, 3);
    assertArrayEquals(new double[] {2.5, 3.5, 0.5, 5.5, 6.5, 0.5, 8.5, 9.5, 0.5}, y, 0);
  }

  @Test
  void referenceMatMulShouldMatchAHandComputedExample() {
    double[] y = ReferenceMath.matMul(new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}, 2, 2, 2);
    assertArrayEquals(new double[] {19, 22, 43, 50}, y, 0);
  }
}
