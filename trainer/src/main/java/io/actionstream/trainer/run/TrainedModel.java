package io.actionstream.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.config.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run directory needs to rebuild its model: {@code model.json} beside {@code best.params}.
 * Evaluation and ONNX export read it.
 *
 * @param model the model section of the training config
 * @param schema the vocabulary
 * @param normalisation the pixel normalisation the model was trained with
 * @param training provenance: mode, masking, data, split, seed, epochs
 */
public record TrainedModel(
    TrainConfig.Model model,
    List<ModelManifest.SlotSpec> schema,
    ModelManifest.Normalisation normalisation,
    Map<String, Object> training) {

  /** File name inside a run directory. */
  public static final String FILE = "model.json";

  /** The {@link #training} entry naming the resize policy (the package's {@code input.resize}). */
  public static final String RESIZE = "resize";

  /** The {@link #training} entry listing {@code training.augment}, absent when there was none. */
  public static final String AUGMENT = "augment";

  /** File name of the best parameters inside a run directory. */
  public static final String PARAMETERS = "best.params";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The vocabulary as a schema. */
  public PropertySchema propertySchema() {
    return ModelManifest.schemaOf(schema);
  }

  /** Writes {@code model.json} into {@code runDir}. */
  public void write(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    JSON.writeValue(runDir.resolve(FILE).toFile(), this);
  }

  /**
   * Reads {@code model.json} from {@code runDir}.
   *
   * @throws IOException if it is missing or malformed
   */
  public static TrainedModel read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.exists(file)) {
      throw new IOException(
          file + " does not exist: is " + runDir + " a supervised run directory?");
    }
    return JSON.readValue(file.toFile(), TrainedModel.class);
  }
}
