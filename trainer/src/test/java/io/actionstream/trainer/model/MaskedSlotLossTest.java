package io.actionstream.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.engine.Engines;
import org.junit.jupiter.api.Test;

/** Checks on constructed batches that the mask decides which slots the loss sees. */
class MaskedSlotLossTest {
  private final PropertySchema schema = PropertySchema.defaultSchema();

  private static double ce(float[] logits, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return -(logits[target] - max - Math.log(sum));
  }

  @Test
  void maskedOutSlotsShouldNotContributeToTheLoss() {
    ActionModel model = new ActionModel(ModelConfig.defaults(), schema);
    MaskedSlotLoss loss = new MaskedSlotLoss(model);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      float[][] size = {{2f, -1f}, {0f, 0f}};
      float[][] colour = {{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}};
      float[][] shape = {{1, 0, 0, 0}, {0, 0, 0, 3}};
      float[][] action = {{0, 0, 0, 0, 0, 0, 0, 9}, {1, 2, 3, 4, 5, 6, 7, 8}};
      NDList logits =
          new NDList(
              manager.create(size),
              manager.create(colour),
              manager.create(shape),
              manager.create(action));
      NDArray ids = manager.create(new long[][] {{1, 0, 0, 7}, {0, 5, 3, 2}});
      NDArray maskAll = manager.ones(ids.getShape());
      NDArray maskColour = manager.create(new float[][] {{0, 1, 0, 0}, {0, 1, 0, 0}});

      float[] perSlot = loss.perSlot(new NDList(ids, maskAll), logits).toFloatArray();
      double[] expected = {
        ce(size[0], 1), ce(colour[0], 0), ce(shape[0], 0), ce(action[0], 7),
        ce(size[1], 0), ce(colour[1], 5), ce(shape[1], 3), ce(action[1], 2)
      };
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], perSlot[i], 1e-5);
      }
      float onlyColour = loss.evaluate(new NDList(ids, maskColour), logits).getFloat();
      assertEquals((ce(colour[0], 0) + ce(colour[1], 5)) / 2, onlyColour, 1e-5);

      // Changing the logits of a masked-out slot must not change the loss.
      NDList otherSize =
          new NDList(
              manager.create(new float[][] {{-9f, 9f}, {9f, -9f}}),
              logits.get(1),
              logits.get(2),
              logits.get(3));
      assertEquals(
          onlyColour, loss.evaluate(new NDList(ids, maskColour), otherSize).getFloat(), 1e-6);
      float[] masked = loss.perSlot(new NDList(ids, maskColour), logits).toFloatArray();
      assertArrayEquals(
          new float[] {0, (float) expected[1], 0, 0, 0, (float) expected[5], 0, 0}, masked, 1e-5f);
    }
  }

  @Test
  void sentenceHeadShouldScoreTheWholeDictionaryAtEachPosition() {
    ModelConfig config =
        new ModelConfig(
            16,
            64,
            64,
            new int[] {16, 32},
            new int[] {32},
            3,
            ModelConfig.Head.SENTENCE,
            ModelConfig.MaskInput.INPUT,
            32,
            ModelConfig.Pooling.AVG4,
            ModelConfig.StemDownsample.STRIDE);
    ActionModel model = new ActionModel(config, schema);
    assertEquals(20, model.dictionarySize());
    MaskedSlotLoss loss = new MaskedSlotLoss(model);
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      float[] dict = new float[20];
      for (int i = 0; i < 20; i++) {
        dict[i] = i * 0.1f;
      }
      NDArray row = manager.create(new float[][] {dict});
      NDList logits = new NDList(row, row, row, row);
      NDArray ids = manager.create(new long[][] {{1, 2, 3, 4}});
      float[] perSlot =
          loss.perSlot(new NDList(ids, manager.ones(ids.getShape())), logits).toFloatArray();
      // dictionary offsets: size 0, colour 2, shape 8, action 12
      assertEquals(ce(dict, 1), perSlot[0], 1e-5);
      assertEquals(ce(dict, 4), perSlot[1], 1e-5);
      assertEquals(ce(dict, 11), perSlot[2], 1e-5);
      assertEquals(ce(dict, 16), perSlot[3], 1e-5);
    }
  }
}
