package io.actionstream.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.engine.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActionModelTest {
  private final PropertySchema schema = PropertySchema.defaultSchema();

  static ModelConfig small(ModelConfig.Head head, ModelConfig.MaskInput mask, int layers) {
    return new ModelConfig(
        4,
        32,
        32,
        new int[] {8},
        layers == 1 ? new int[] {8} : new int[] {8, 8},
        3,
        head,
        mask,
        16,
        ModelConfig.Pooling.AVG4,
        ModelConfig.StemDownsample.STRIDE);
  }

  @ParameterizedTest
  @CsvSource({"SLOTS,INPUT,1", "SLOTS,FEATURES,2", "SENTENCE,INPUT,1", "SENTENCE,FEATURES,2"})
  void shouldProduceOneProbabilityVectorPerSlot(String head, String mask, int layers) {
    ModelConfig config =
        small(ModelConfig.Head.valueOf(head), ModelConfig.MaskInput.valueOf(mask), layers);
    ActionModel model = new ActionModel(config, schema);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      manager.getEngine().setRandomSeed(1);
      Shape clipShape = new Shape(3, 4, 3, 32, 32);
      model.initialize(manager, DataType.FLOAT32, clipShape, new Shape(3, 4));
      NDArray clip = manager.randomUniform(0, 1, clipShape);
      NDArray ones = manager.ones(new Shape(3, 4));
      NDList out = model.forward(new ParameterStore(manager, false), new NDList(clip, ones), false);
      NDList probs = model.probabilities(out);
      assertEquals(4, probs.size());
      for (int k = 0; k < 4; k++) {
        assertEquals(new Shape(3, schema.slot(k).size()), probs.get(k).getShape());
        float[] sums = probs.get(k).sum(new int[] {1}).toFloatArray();
        assertArrayEquals(new float[] {1, 1, 1}, sums, 1e-5f);
      }
      Shape[] declared = model.getOutputShapes(new Shape[] {clipShape, new Shape(3, 4)});
      for (int k = 0; k < 4; k++) {
        assertEquals(declared[k], out.get(k).getShape());
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "AVG4, STRIDE, 128",
    "MAX, STRIDE, 8",
    "MAX_TIME, MAX_POOL, 8",
    "FLATTEN, STRIDE, 512"
  })
  void featuresShouldHaveThePoolingsSize(String pooling, String stem, int features) {
    ModelConfig config =
        new ModelConfig(
            4,
            32,
            32,
            new int[] {8},
            new int[] {8, 8},
            3,
            ModelConfig.Head.SLOTS,
            ModelConfig.MaskInput.INPUT,
            16,
            ModelConfig.Pooling.valueOf(pooling),
            ModelConfig.StemDownsample.valueOf(stem));
    assertEquals(features, config.featureSize());
    ActionModel model = new ActionModel(config, schema);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      Shape clipShape = new Shape(2, 4, 3, 32, 32);
      model.initialize(manager, DataType.FLOAT32, clipShape, new Shape(2, 4));
      NDList in = new NDList(manager.randomUniform(0, 1, clipShape), manager.ones(new Shape(2, 4)));
      NDArray f = model.clipFeatures(new ParameterStore(manager, false), in, false);
      assertEquals(new Shape(2, features), f.getShape());
    }
  }

  @Test
  void maxOverTimeShouldBoundTheLastStepsMax() {
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      Shape clipShape = new Shape(2, 4, 3, 32, 32);
      NDList in = new NDList(manager.randomUniform(0, 1, clipShape), manager.ones(new Shape(2, 4)));
      ParameterStore store = new ParameterStore(manager, false);
      float[] lastStep = features(manager, ModelConfig.Pooling.MAX, in, store);
      float[] overTime = features(manager, ModelConfig.Pooling.MAX_TIME, in, store);
      boolean larger = false;
      for (int i = 0; i < lastStep.length; i++) {
        assertTrue(overTime[i] >= lastStep[i], "max over time below the last step's max");
        larger |= overTime[i] > lastStep[i];
      }
      assertTrue(larger, "an earlier step should be larger somewhere");
    }
  }

  /** Clip features of a model with {@code pooling}, initialised with the same seed every time. */
  private float[] features(
      NDManager manager, ModelConfig.Pooling pooling, NDList in, ParameterStore store) {
    ModelConfig config =
        new ModelConfig(
            4,
            32,
            32,
            new int[] {8},
            new int[] {8},
            3,
            ModelConfig.Head.SLOTS,
            ModelConfig.MaskInput.INPUT,
            16,
            pooling,
            ModelConfig.StemDownsample.STRIDE);
    ActionModel model = new ActionModel(config, schema);
    manager.getEngine().setRandomSeed(3);
    model.initialize(manager, DataType.FLOAT32, in.get(0).getShape(), in.get(1).getShape());
    return model.clipFeatures(store, in, false).toFloatArray();
  }

  /** A small factored-head model with {@code pooling}. */
  private static ModelConfig factored(ModelConfig.Pooling pooling) {
    return new ModelConfig(
        4,
        32,
        32,
        new int[] {8},
        new int[] {8},
        3,
        ModelConfig.Head.FACTORED,
        ModelConfig.MaskInput.INPUT,
        16,
        pooling,
        ModelConfig.StemDownsample.MAX_POOL);
  }

  @Test
  void factoredHeadsShouldEachWeighThePositionsOfTheStateMapTheirOwnWay() {
    ModelConfig config = factored(ModelConfig.Pooling.MAX_TIME);
    ActionModel model = new ActionModel(config, schema);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      Shape clipShape = new Shape(2, 4, 3, 32, 32);
      model.initialize(manager, DataType.FLOAT32, clipShape, new Shape(2, 4));
      NDList in = new NDList(manager.randomUniform(0, 1, clipShape), manager.ones(new Shape(2, 4)));
      ParameterStore store = new ParameterStore(manager, false);
      NDList logits = model.forward(store, in, false);
      for (int k = 0; k < 4; k++) {
        assertEquals(new Shape(2, schema.slot(k).size()), logits.get(k).getShape());
      }
      NDArray map = model.stateMap(store, in, false);
      assertEquals(new Shape(2, 8, 16, 16), map.getShape());
      FactoredHeads heads = (FactoredHeads) model.head();
      float[] colour = heads.attentionWeights(store, map, 1, false).toFloatArray();
      float[] shape = heads.attentionWeights(store, map, 2, false).toFloatArray();
      assertEquals(2 * 16 * 16, colour.length);
      double sum = 0;
      for (int p = 0; p < 256; p++) {
        sum += colour[p];
      }
      assertEquals(1.0, sum, 1e-5, "one clip's attention weights sum to 1");
      assertFalse(java.util.Arrays.equals(colour, shape), "each slot has its own map");
    }
    IllegalArgumentException avg4 =
        assertThrows(IllegalArgumentException.class, () -> factored(ModelConfig.Pooling.AVG4));
    assertTrue(
        avg4.getMessage().startsWith("model.head factored attends over positions itself"),
        avg4.getMessage());
  }

  @Test
  void maskShouldChangeTheOutputsWhenItIsAnInput() {
    ModelConfig config = small(ModelConfig.Head.SLOTS, ModelConfig.MaskInput.INPUT, 1);
    ActionModel model = new ActionModel(config, schema);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      Shape clipShape = new Shape(1, 4, 3, 32, 32);
      model.initialize(manager, DataType.FLOAT32, clipShape, new Shape(1, 4));
      NDArray clip = manager.randomUniform(0, 1, clipShape);
      ParameterStore store = new ParameterStore(manager, false);
      float[] all =
          model
              .forward(store, new NDList(clip, manager.ones(new Shape(1, 4))), false)
              .get(0)
              .toFloatArray();
      float[] one =
          model
              .forward(store, new NDList(clip, manager.create(new float[][] {{1, 0, 0, 0}})), false)
              .get(0)
              .toFloatArray();
      assertNotEquals(all[0], one[0]);
    }
  }

  @Test
  void configShouldNameTheBadKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ModelConfig(
                    16,
                    64,
                    64,
                    new int[] {16},
                    new int[] {32},
                    4,
                    ModelConfig.Head.SLOTS,
                    ModelConfig.MaskInput.INPUT,
                    64,
                    ModelConfig.Pooling.AVG4,
                    ModelConfig.StemDownsample.STRIDE));
    assertTrue(e.getMessage().startsWith("model.kernel"), e.getMessage());
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ModelConfig(
                    16,
                    60,
                    64,
                    new int[] {16, 32},
                    new int[] {32},
                    3,
                    ModelConfig.Head.SLOTS,
                    ModelConfig.MaskInput.INPUT,
                    64,
                    ModelConfig.Pooling.AVG4,
                    ModelConfig.StemDownsample.STRIDE));
    assertTrue(size.getMessage().contains("multiples of 16"), size.getMessage());
    IllegalArgumentException head =
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.Head.parse("words"));
    assertTrue(head.getMessage().contains("model.head"), head.getMessage());
    IllegalArgumentException pooling =
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.Pooling.parse("mean"));
    assertTrue(pooling.getMessage().startsWith("model.pooling"), pooling.getMessage());
    IllegalArgumentException flatten =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ModelConfig(
                    8,
                    18,
                    32,
                    new int[] {16, 32},
                    new int[] {32},
                    3,
                    ModelConfig.Head.SLOTS,
                    ModelConfig.MaskInput.INPUT,
                    64,
                    ModelConfig.Pooling.FLATTEN,
                    ModelConfig.StemDownsample.STRIDE));
    assertTrue(flatten.getMessage().contains("multiples of 4"), flatten.getMessage());
  }
}
