package io.actionstream.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.actionstream.trainer.engine.Engines;

/** Creates DJL models and trainers on the CPU with {@link ResumableAdam}. */
final class AdamTrainers {
  private AdamTrainers() {}

  /** A new DJL model named {@code name} holding {@code block}, seeded with {@code seed}. */
  static Model model(String name, Block block, long seed) {
    Engines.pytorch().setRandomSeed((int) seed);
    Model model = Model.newInstance(name, Device.cpu(), Engines.PYTORCH);
    model.setBlock(block);
    return model;
  }

  /** A trainer for {@code model}, its parameters initialised for inputs of {@code shapes}. */
  static Trainer trainer(Model model, Loss loss, ResumableAdam optimizer, Shape... shapes) {
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(loss)
            .optDevices(new Device[] {Device.cpu()})
            .optOptimizer(optimizer);
    Trainer trainer = model.newTrainer(config);
    trainer.initialize(shapes);
    return trainer;
  }
}
