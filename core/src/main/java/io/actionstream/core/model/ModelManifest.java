package io.actionstream.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Slot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a model package ({@code manifest.json} beside the ONNX file): what the model
 * expects and produces, where it came from and how good it was. Trainer and service share it; the
 * service refuses a package whose manifest does not match its own expectations.
 *
 * @param formatVersion manifest format, {@link #FORMAT_VERSION}
 * @param name model name, e.g. {@code action-convlstm}
 * @param version model version, e.g. {@code 2026-11-26T10-00-00Z-ab12cd}
 * @param createdAt ISO-8601 creation time
 * @param schema property slots and their words, in order
 * @param input input tensors, shape and normalisation
 * @param outputs per-slot output tensor names, in slot order
 * @param modelFile file name of the ONNX graph inside the package
 * @param sha256 hex SHA-256 of {@code modelFile}
 * @param training free-form facts about training (data, split, mode, seed, epochs)
 * @param metrics evaluation figures, e.g. {@code test_comp.sentence_accuracy}
 * @param slotPrediction how a server asks for several slots, {@code joint} or {@code per_slot}
 *     ({@link SlotPrediction}); null (absent): joint
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
    int formatVersion,
    String name,
    String version,
    String createdAt,
    List<SlotSpec> schema,
    InputSpec input,
    List<OutputSpec> outputs,
    String modelFile,
    String sha256,
    Map<String, Object> training,
    Map<String, Double> metrics,
    String slotPrediction) {

  /** The manifest format this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** A copy asking the service for several slots as {@code prediction} says. */
  public ModelManifest withSlotPrediction(SlotPrediction prediction) {
    return new ModelManifest(
        formatVersion,
        name,
        version,
        createdAt,
        schema,
        input,
        outputs,
        modelFile,
        sha256,
        training,
        metrics,
        prediction.configName());
  }

  /** The parsed {@code slotPrediction}; {@link SlotPrediction#JOINT} when absent. */
  public SlotPrediction parsedSlotPrediction() {
    return SlotPrediction.parse(slotPrediction);
  }

  /** One slot of the schema as written in the manifest. */
  public record SlotSpec(String slot, List<String> words) {}

  /**
   * The model inputs.
   *
   * @param clipName name of the clip input, float32 [B,T,C,H,W]
   * @param maskName name of the mask input, float32 [B,K]
   * @param frames T
   * @param channels C (3, RGB)
   * @param height H
   * @param width W
   * @param normalisation how uint8 pixels become model floats
   * @param resize how frames of another size were fitted to H×W in training ({@code none}, {@code
   *     stretch}, {@code crop}, {@code letterbox}); null (absent): none declared
   */
  public record InputSpec(
      String clipName,
      String maskName,
      int frames,
      int channels,
      int height,
      int width,
      Normalisation normalisation,
      String resize) {

    /** An input that declares no resize policy. */
    public InputSpec(
        String clipName,
        String maskName,
        int frames,
        int channels,
        int height,
        int width,
        Normalisation normalisation) {
      this(clipName, maskName, frames, channels, height, width, normalisation, null);
    }

    /** The declared policy; {@link ResizePolicy#NONE} when absent. */
    public ResizePolicy resizePolicy() {
      return resize == null ? ResizePolicy.NONE : ResizePolicy.parse(resize);
    }
  }

  /**
   * Pixel normalisation: {@code x = (u8 / 255 - mean[c]) / std[c]} per RGB channel.
   *
   * @param mean per-channel mean in [0,1] units
   * @param std per-channel standard deviation, positive
   */
  public record Normalisation(float[] mean, float[] std) {
    /** Plain scaling to [0,1]: mean 0, std 1. */
    public static Normalisation unit() {
      return new Normalisation(new float[] {0, 0, 0}, new float[] {1, 1, 1});
    }
  }

  /**
   * Output tensors of one slot.
   *
   * @param slot slot name
   * @param probabilities output name of the softmax probabilities, float32 [B, words]
   * @param logits output name of the logits, or null if not exported
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OutputSpec(String slot, String probabilities, String logits) {}

  /** The manifest's schema as a {@link PropertySchema}. */
  public PropertySchema propertySchema() {
    if (schema == null || schema.isEmpty()) {
      throw new ModelPackageException(
          ModelPackageException.Reason.INVALID_MANIFEST, "manifest has no schema");
    }
    return schemaOf(schema);
  }

  /**
   * Reads slots in manifest form back into a schema.
   *
   * @throws io.actionstream.core.schema.SchemaException if the slots are not a valid schema
   */
  public static PropertySchema schemaOf(List<SlotSpec> specs) {
    List<Slot> slots = new ArrayList<>();
    for (SlotSpec spec : specs) {
      slots.add(new Slot(spec.slot(), spec.words()));
    }
    return new PropertySchema(slots);
  }

  /** Writes {@code schema} in manifest form. */
  public static List<SlotSpec> slotSpecs(PropertySchema schema) {
    return schema.slots().stream().map(s -> new SlotSpec(s.name(), s.words())).toList();
  }

  /**
   * Checks every field a consumer relies on.
   *
   * @throws ModelPackageException with reason {@code INVALID_MANIFEST} naming the first bad field
   */
  public ModelManifest validate() {
    require(
        formatVersion == FORMAT_VERSION,
        "formatVersion is " + formatVersion + ", this build reads " + FORMAT_VERSION);
    require(notBlank(name), "name is missing");
    require(notBlank(version), "version is missing");
    require(notBlank(modelFile), "modelFile is missing");
    require(
        sha256 != null && sha256.matches("[0-9a-f]{64}"),
        "sha256 must be 64 lower-case hex digits, got " + sha256);
    PropertySchema parsed;
    try {
      parsed = propertySchema();
    } catch (SchemaException e) {
      throw new ModelPackageException(
          ModelPackageException.Reason.INVALID_MANIFEST, "schema: " + e.getMessage(), e);
    }
    require(input != null, "input is missing");
    require(
        notBlank(input.clipName()) && notBlank(input.maskName()),
        "input.clipName and input.maskName are required");
    require(
        input.frames() >= 1 && input.height() >= 1 && input.width() >= 1,
        "input frames/height/width must be positive, got T="
            + input.frames()
            + " H="
            + input.height()
            + " W="
            + input.width());
    require(input.channels() == 3, "input.channels must be 3 (RGB), got " + input.channels());
    try {
      input.resizePolicy();
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(
          ModelPackageException.Reason.INVALID_MANIFEST, "input.resize: " + e.getMessage(), e);
    }
    Normalisation n = input.normalisation();
    require(
        n != null
            && n.mean() != null
            && n.std() != null
            && n.mean().length == 3
            && n.std().length == 3,
        "input.normalisation needs 3 mean and 3 std values");
    for (float s : n.std()) {
      require(s > 0, "input.normalisation.std values must be positive");
    }
    require(
        outputs != null && outputs.size() == parsed.slotCount(),
        "outputs must list one entry per slot (" + parsed.slotCount() + ")");
    for (int i = 0; i < outputs.size(); i++) {
      OutputSpec o = outputs.get(i);
      require(
          o.slot() != null && o.slot().equals(parsed.slot(i).name()),
          "outputs["
              + i
              + "].slot must be '"
              + parsed.slot(i).name()
              + "', got '"
              + o.slot()
              + "'");
      require(notBlank(o.probabilities()), "outputs[" + i + "].probabilities is missing");
    }
    try {
      parsedSlotPrediction();
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(
          ModelPackageException.Reason.INVALID_MANIFEST, "slotPrediction " + e.getMessage(), e);
    }
    if (metrics != null) {
      metrics.forEach(
          (key, value) ->
              require(
                  value != null && Double.isFinite(value),
                  "metrics." + key + " must be a finite number, got " + value));
    }
    return this;
  }

  /**
   * Checks that this model fits what a consumer expects.
   *
   * @throws ModelPackageException with reason {@code SCHEMA_MISMATCH} or {@code SHAPE_MISMATCH}
   */
  public void requireCompatible(PropertySchema expected, int frames, int height, int width) {
    PropertySchema actual = propertySchema();
    if (!actual.equals(expected)) {
      throw new ModelPackageException(
          ModelPackageException.Reason.SCHEMA_MISMATCH,
          "model schema "
              + actual.fingerprint()
              + " differs from the expected "
              + expected.fingerprint());
    }
    if (input.frames() != frames || input.height() != height || input.width() != width) {
      throw new ModelPackageException(
          ModelPackageException.Reason.SHAPE_MISMATCH,
          "model input T="
              + input.frames()
              + " H="
              + input.height()
              + " W="
              + input.width()
              + " differs from the expected T="
              + frames
              + " H="
              + height
              + " W="
              + width);
    }
  }

  /** The provenance facts as flat string pairs, for ONNX {@code metadata_props}. */
  public Map<String, String> toMetadataProps() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("actionstream.name", name);
    props.put("actionstream.version", version);
    props.put("actionstream.schema", propertySchema().fingerprint());
    props.put(
        "actionstream.input",
        "T="
            + input.frames()
            + ",C="
            + input.channels()
            + ",H="
            + input.height()
            + ",W="
            + input.width());
    if (training != null) {
      training.forEach((k, v) -> props.put("actionstream.training." + k, String.valueOf(v)));
    }
    if (metrics != null) {
      metrics.forEach((k, v) -> props.put("actionstream.metrics." + k, String.valueOf(v)));
    }
    return props;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new ModelPackageException(ModelPackageException.Reason.INVALID_MANIFEST, message);
    }
  }
}
