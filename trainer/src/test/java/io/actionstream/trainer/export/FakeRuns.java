package io.actionstream.trainer.export;

import ai.djl.ndarray.NDManager;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.run.TrainedModel;
import io.actionstream.trainer.train.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Run directories without training: a seeded tiny model's weights and its model.json. */
final class FakeRuns {
  private FakeRuns() {}

  static final ModelManifest.Normalisation NORMALISATION =
      new ModelManifest.Normalisation(
          new float[] {0.45f, 0.5f, 0.55f}, new float[] {0.2f, 0.25f, 0.3f});

  /** Writes {@code model.json} and {@code best.params} of a seeded tiny model into {@code dir}. */
  static Path create(Path dir, ModelConfig config, int seed) throws IOException {
    PropertySchema schema = PropertySchema.defaultSchema();
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      ActionModel model = TinyModels.create(manager, config, seed);
      Checkpoints.saveParameters(model, dir.resolve(TrainedModel.PARAMETERS));
    }
    new TrainedModel(
            new TrainConfig.Model(
                config.frames(),
                config.height(),
                config.width(),
                config.stemChannels(),
                config.hiddenChannels(),
                config.kernel(),
                config.head().name().toLowerCase(Locale.ROOT),
                config.maskInput().name().toLowerCase(Locale.ROOT),
                config.headHidden(),
                config.pooling().name().toLowerCase(Locale.ROOT),
                config.stemDownsample().name().toLowerCase(Locale.ROOT)),
            ModelManifest.slotSpecs(schema),
            NORMALISATION,
            Map.of("mode", "supervised", "seed", seed, TrainedModel.RESIZE, "crop"))
        .write(dir);
    return dir;
  }

  /** A tiny config: stem [4], ConvLSTM [4], 16×16, T 4. */
  static ModelConfig tiny(ModelConfig.Head head, ModelConfig.MaskInput mask) {
    return new ModelConfig(
        4,
        16,
        16,
        new int[] {4},
        new int[] {4},
        3,
        head,
        mask,
        8,
        ModelConfig.Pooling.AVG4,
        ModelConfig.StemDownsample.STRIDE);
  }
}
