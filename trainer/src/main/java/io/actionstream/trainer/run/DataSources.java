package io.actionstream.trainer.run;

import io.actionstream.core.dataset.ClipShape;
import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.DatasetReader;
import io.actionstream.core.dataset.FolderDataset;
import io.actionstream.core.dataset.GeneratedClipSource;
import io.actionstream.core.dataset.Splits;
import io.actionstream.core.image.JpegDecoders;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.trainer.config.TrainConfig;
import java.nio.file.Path;

/** Opens the clips a training config names: a dataset, a folder, or synthetic clips. */
public final class DataSources {
  private DataSources() {}

  /**
   * Opens the configured source and checks that its clips fit the model input.
   *
   * @throws IllegalArgumentException naming the keys that disagree
   */
  public static ClipSource open(TrainConfig config) {
    TrainConfig.Data data = config.data();
    TrainConfig.Model model = config.model();
    ClipShape expected = new ClipShape(model.frames(), model.height(), model.width());
    ClipSource source;
    if (data.dataset() != null) {
      source = DatasetReader.open(Path.of(data.dataset())).split(data.split());
    } else if (data.folder() != null) {
      source =
          FolderDataset.open(
              Path.of(data.folder()),
              PropertySchema.defaultSchema(),
              expected,
              data.resizePolicy(),
              JpegDecoders.auto());
    } else {
      TrainConfig.Synthetic synthetic = data.synthetic();
      GeneratorConfig generator =
          GeneratorConfig.builder()
              .frames(model.frames())
              .size(model.height(), model.width())
              .maxDistractors(synthetic.distractors())
              .noiseStddev(synthetic.noise())
              .seed(synthetic.seed())
              .build();
      PropertySchema schema = PropertySchema.defaultSchema();
      source =
          new GeneratedClipSource(
              generator,
              Splits.find(Splits.standard(schema, synthetic.seed()), data.split()),
              synthetic.clips());
    }
    if (!source.clipShape().equals(expected)) {
      source.close();
      throw new IllegalArgumentException(
          "the data's clips are "
              + source.clipShape()
              + " (TxHxW) but model.frames/height/width"
              + " are "
              + expected
              + "; make them agree");
    }
    return source;
  }
}
