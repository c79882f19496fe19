package io.actionstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;

/** Tiny, initialised action models and their DJL outputs, for export tests. */
final class TinyModels {
  private TinyModels() {}

  /**
   * A model initialised with {@code seed}; every parameter then gets Gaussian noise (sd 0.2) so
   * that biases are non-zero and no gate sits at a trivial value.
   */
  static ActionModel create(NDManager manager, ModelConfig config, int seed) {
    PropertySchema schema = PropertySchema.defaultSchema();
    manager.getEngine().setRandomSeed(seed);
    ActionModel model = new ActionModel(config, schema);
    model.initialize(
        manager,
        DataType.FLOAT32,
        new Shape(1, config.frames(), 3, config.height(), config.width()),
        new Shape(1, schema.slotCount()));
    for (Pair<String, Parameter> p : model.getParameters()) {
      NDArray a = p.getValue().getArray();
      a.addi(manager.randomNormal(0, 0.2f, a.getShape(), DataType.FLOAT32));
    }
    return model;
  }
}
