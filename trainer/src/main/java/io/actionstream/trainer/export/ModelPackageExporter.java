package io.actionstream.trainer.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageValidator;
import io.actionstream.core.model.SlotPrediction;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Slot;
import io.actionstream.core.util.FileTrees;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.eval.SlotQueries;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.report.EvaluationReport;
import io.actionstream.trainer.run.TrainedModel;
import io.actionstream.trainer.train.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a trained run directory ({@code model.json} + {@code best.params}, optionally {@code
 * evaluation.json}) into a model package: {@code model.onnx} and {@code manifest.json}, plus {@code
 * encoder.onnx} and {@code head.onnx} for {@code mask_input: features} models. See {@code
 * docs/model-package.md}.
 *
 * <p>The package is written into a temporary sibling directory, opened and verified there ({@link
 * ModelPackage#open}, {@link ModelPackageValidator}) and only then moved to its final name, so a
 * directory under the final name is always a complete, verified package.
 */
public final class ModelPackageExporter {
  /** Default model name. */
  public static final String DEFAULT_NAME = "action-convlstm";

  /** File name of the whole model inside a package. */
  public static final String MODEL_FILE = "model.onnx";

  /** File name of the encoder graph of a {@code features}-mask model. */
  public static final String ENCODER_FILE = "encoder.onnx";

  /** File name of the head graph of a {@code features}-mask model. */
  public static final String HEAD_FILE = "head.onnx";

  /** The trainer's {@code model.json} inside a package. */
  public static final String TRAINER_MODEL_FILE = "trainer-model.json";

  /** The trainer's {@code best.params} inside a package. */
  public static final String TRAINER_PARAMETERS_FILE = "trainer-best.params";

  /**
   * Metric recording the export's parity check: the largest difference between ONNX Runtime and the
   * DJL model ({@link ExportParity}).
   */
  public static final String PARITY_METRIC = "export.parity_error";

  private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> FILE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-r--r--");

  private static final Logger LOG = LoggerFactory.getLogger(ModelPackageExporter.class);

  private final Clock clock;
  private final SlotPrediction slotPrediction;

  /**
   * An exporter stamping packages with the time of {@code clock}; each manifest's {@code
   * slotPrediction} is chosen from the run's evaluation ({@link #slotPrediction(Map)}).
   */
  public ModelPackageExporter(Clock clock) {
    this(clock, null);
  }

  private ModelPackageExporter(Clock clock, SlotPrediction slotPrediction) {
    this.clock = clock;
    this.slotPrediction = slotPrediction;
  }

  /**
   * This exporter, writing {@code slotPrediction} into every manifest instead of choosing it from
   * the run's evaluation (an operator's choice: {@code per_slot} costs a pass per wanted slot).
   */
  public ModelPackageExporter withSlotPrediction(SlotPrediction slotPrediction) {
    return new ModelPackageExporter(
        clock, Objects.requireNonNull(slotPrediction, "slotPrediction"));
  }

  /**
   * Exports {@code runDir} into the package directory {@code out}.
   *
   * @param name model name, or null for {@value #DEFAULT_NAME}
   * @param version model version, or null for {@code <createdAt>-<first 8 hex of the weights'
   *     SHA-256>}
   * @return the verified package
   * @throws IOException if the run lacks its model, or {@code out} exists and is not empty
   */
  public ModelPackage export(Path runDir, Path out, String name, String version)
      throws IOException {
    if (!Files.isDirectory(runDir)) {
      throw new IOException("run directory " + runDir + " does not exist");
    }
    TrainedModel trained = TrainedModel.read(runDir);
    Path params = runDir.resolve(TrainedModel.PARAMETERS);
    if (!Files.isRegularFile(params)) {
      throw new IOException(
          params + " does not exist: the run has not finished a supervised epoch yet");
    }
    requireEmptyOrMissing(out);
    Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String modelName = name != null ? name : DEFAULT_NAME;
    String modelVersion =
        version != null
            ? version
            : created.toString().replace(':', '-')
                + "-"
                + ModelPackage.sha256(params).substring(0, 8);
    PropertySchema schema = trained.propertySchema();
    ModelConfig config = trained.model().toModelConfig();
    Map<String, Double> metrics = metrics(runDir);
    SlotPrediction asked = slotPrediction != null ? slotPrediction : slotPrediction(metrics);

    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + out.getFileName() + ".tmp-");
    try {
      // createTempDirectory makes it 0700: a service running as another user must read it.
      Files.setPosixFilePermissions(tmp, DIRECTORY_PERMISSIONS);
      try (NDManager manager = Engines.pytorch().newBaseManager()) {
        ActionModel model = new ActionModel(config, schema);
        model.initialize(
            manager,
            DataType.FLOAT32,
            new Shape(1, config.frames(), 3, config.height(), config.width()),
            new Shape(1, schema.slotCount()));
        Checkpoints.loadOrFail(model, manager, params);
        ModelManifest draft =
            manifest(
                trained, metrics, modelName, modelVersion, created, schema, config, null, asked);
        write(new OnnxExporter(model), draft, tmp);
        copyTrainerState(runDir, tmp);
        // measured on the files as written; recorded in the manifest only, as the graphs'
        // metadata cannot hold a figure measured on themselves
        double parity = parity(manager, model, tmp);
        metrics.put(PARITY_METRIC, parity);
        LOG.info(
            "the written graphs match the DJL model within {} (tolerance {})",
            parity,
            ExportParity.TOLERANCE);
      }
      ModelManifest manifest =
          manifest(
              trained,
              metrics,
              modelName,
              modelVersion,
              created,
              schema,
              config,
              ModelPackage.sha256(tmp.resolve(MODEL_FILE)),
              asked);
      Files.setPosixFilePermissions(ModelPackage.writeManifest(tmp, manifest), FILE_PERMISSIONS);
      ModelPackageValidator.validate(tmp);
      deleteIfEmpty(out);
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
    ModelPackage pkg = ModelPackageValidator.validate(out);
    LOG.info("exported {} {} to {}", modelName, modelVersion, out);
    return pkg;
  }

  /**
   * Copies what the trainer needs to continue from this model ({@code model.json}, {@code
   * best.params}) into the package as {@value #TRAINER_MODEL_FILE} and {@value
   * #TRAINER_PARAMETERS_FILE}: the retraining job fine-tunes the promoted package. The service
   * ignores them.
   */
  private static void copyTrainerState(Path runDir, Path dir) throws IOException {
    Path model = dir.resolve(TRAINER_MODEL_FILE);
    Path params = dir.resolve(TRAINER_PARAMETERS_FILE);
    Files.copy(runDir.resolve(TrainedModel.FILE), model);
    Files.copy(runDir.resolve(TrainedModel.PARAMETERS), params);
    Files.setPosixFilePermissions(model, FILE_PERMISSIONS);
    Files.setPosixFilePermissions(params, FILE_PERMISSIONS);
  }

  /**
   * Writes a package's trainer state back as a run directory ({@code model.json}, {@code
   * best.params}) that the trainer can evaluate or fine-tune.
   *
   * @throws IOException if the package has no trainer state (exported before it was added, or not
   *     by this trainer)
   */
  public static Path trainerState(Path packageDir, Path runDir) throws IOException {
    Path model = packageDir.resolve(TRAINER_MODEL_FILE);
    Path params = packageDir.resolve(TRAINER_PARAMETERS_FILE);
    if (!Files.isRegularFile(model) || !Files.isRegularFile(params)) {
      throw new IOException(
          packageDir
              + " has no trainer state ("
              + TRAINER_MODEL_FILE
              + ", "
              + TRAINER_PARAMETERS_FILE
              + "): only packages exported by actionstream-train export can be fine-tuned");
    }
    Files.createDirectories(runDir);
    Files.copy(model, runDir.resolve(TrainedModel.FILE), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        params, runDir.resolve(TrainedModel.PARAMETERS), StandardCopyOption.REPLACE_EXISTING);
    return runDir;
  }

  /**
   * Runs the graphs written to {@code dir} in ONNX Runtime against {@code model}.
   *
   * @return the largest difference measured, within {@link ExportParity#TOLERANCE}
   * @throws IllegalStateException if the graphs differ by more
   */
  private static double parity(NDManager manager, ActionModel model, Path dir) throws IOException {
    Path encoder = dir.resolve(ENCODER_FILE);
    boolean parts = Files.exists(encoder);
    try {
      double error =
          new ExportParity(manager, model)
              .measure(
                  Files.readAllBytes(dir.resolve(MODEL_FILE)),
                  parts ? Files.readAllBytes(encoder) : null,
                  parts ? Files.readAllBytes(dir.resolve(HEAD_FILE)) : null);
      ExportParity.require(error);
      return error;
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime could not run the exported graph: " + e.getMessage(), e);
    }
  }

  /** Writes the graph files; the part graphs first, so that model.onnx can list their hashes. */
  private static void write(OnnxExporter exporter, ModelManifest draft, Path dir)
      throws IOException {
    Map<String, String> metadata = metadata(draft);
    String doc = docString(draft);
    if (exporter.splittable()) {
      writeModel(exporter.encoder("Encoder of " + doc, metadata), dir.resolve(ENCODER_FILE));
      writeModel(exporter.head("Head of " + doc, metadata), dir.resolve(HEAD_FILE));
      Map<String, String> withParts = new LinkedHashMap<>(metadata);
      withParts.put(ModelPackageValidator.PARTS_KEY, ENCODER_FILE + "," + HEAD_FILE);
      for (String part : List.of(ENCODER_FILE, HEAD_FILE)) {
        withParts.put(
            ModelPackageValidator.PART_SHA_PREFIX + part, ModelPackage.sha256(dir.resolve(part)));
      }
      metadata = withParts;
    }
    writeModel(exporter.model(doc, metadata), dir.resolve(MODEL_FILE));
  }

  private static void writeModel(OnnxMl.ModelProto model, Path file) throws IOException {
    try (var out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
    Files.setPosixFilePermissions(file, FILE_PERMISSIONS);
  }

  /** The manifest's facts as ONNX {@code metadata_props}. */
  static Map<String, String> metadata(ModelManifest m) {
    Map<String, String> props = new LinkedHashMap<>(m.toMetadataProps());
    props.put("actionstream.created_at", m.createdAt());
    props.put("actionstream.format_version", String.valueOf(m.formatVersion()));
    props.put("actionstream.input.clip", m.input().clipName());
    props.put("actionstream.input.mask", m.input().maskName());
    props.put(
        "actionstream.input.normalisation.mean", Arrays.toString(m.input().normalisation().mean()));
    props.put(
        "actionstream.input.normalisation.std", Arrays.toString(m.input().normalisation().std()));
    return props;
  }

  private static String docString(ModelManifest m) {
    return String.format(
        Locale.ROOT,
        "ActionStream action model %s %s. Inputs: %s float32 [batch, %d, 3, %d, %d], pixels"
            + " (u8/255 - mean)/std per RGB channel; %s float32 [batch, %d] of 0/1 per slot."
            + " Outputs per slot: prob_<slot> (softmax) and logits_<slot>, float32 [batch, words].",
        m.name(),
        m.version(),
        m.input().clipName(),
        m.input().frames(),
        m.input().height(),
        m.input().width(),
        m.input().maskName(),
        m.schema().size());
  }

  private static ModelManifest manifest(
      TrainedModel trained,
      Map<String, Double> metrics,
      String name,
      String version,
      Instant created,
      PropertySchema schema,
      ModelConfig config,
      String sha256,
      SlotPrediction slotPrediction) {
    List<ModelManifest.OutputSpec> outputs = new ArrayList<>();
    for (Slot slot : schema.slots()) {
      outputs.add(
          new ModelManifest.OutputSpec(
              slot.name(),
              OnnxExporter.probabilities(slot.name()),
              OnnxExporter.logits(slot.name())));
    }
    Map<String, Object> training = new LinkedHashMap<>();
    if (trained.training() != null) {
      training.putAll(trained.training());
    }
    training.put("model.head", config.head().name().toLowerCase(Locale.ROOT));
    training.put("model.mask_input", config.maskInput().name().toLowerCase(Locale.ROOT));
    training.put("model.stem_channels", Arrays.toString(config.stemChannels()));
    training.put("model.hidden_channels", Arrays.toString(config.hiddenChannels()));
    training.put("model.kernel", config.kernel());
    training.put("model.head_hidden", config.headHidden());
    training.put("model.pooling", config.pooling().name().toLowerCase(Locale.ROOT));
    training.put("model.stem_downsample", config.stemDownsample().name().toLowerCase(Locale.ROOT));
    return new ModelManifest(
        ModelManifest.FORMAT_VERSION,
        name,
        version,
        created.toString(),
        ModelManifest.slotSpecs(schema),
        new ModelManifest.InputSpec(
            OnnxExporter.CLIP,
            OnnxExporter.MASK,
            config.frames(),
            3,
            config.height(),
            config.width(),
            trained.normalisation() != null
                ? trained.normalisation()
                : ModelManifest.Normalisation.unit(),
            trained.training() != null
                    && trained.training().get(TrainedModel.RESIZE) instanceof String resize
                ? resize
                : null),
        outputs,
        MODEL_FILE,
        sha256 != null ? sha256 : "0".repeat(64),
        training,
        metrics,
        slotPrediction.configName());
  }

  /** The partitions whose sentence accuracy {@link #slotPrediction} compares. */
  private static final List<String> COMPARED = List.of("test", "test_comp");

  /**
   * How the service should ask the model, decided by its evaluation: {@code per_slot} when the mean
   * sentence accuracy over test and test_comp (those evaluated) is higher with each slot asked
   * alone than with all at once, else {@code joint}. Equal weight to i.i.d. and held-out clips: a
   * model that trades some i.i.d. accuracy for much more on new combinations is asked slot by slot
   * (docs/results.md, Learning concepts one at a time).
   */
  static SlotPrediction slotPrediction(Map<String, Double> metrics) {
    double joint = 0;
    double alone = 0;
    int compared = 0;
    for (String partition : COMPARED) {
      Double together = metrics.get(partition + ".sentence_accuracy");
      Double each = metrics.get(SlotQueries.EACH_ALONE.partition(partition) + ".sentence_accuracy");
      if (together != null && each != null) {
        joint += together;
        alone += each;
        compared++;
      }
    }
    return compared > 0 && alone > joint ? SlotPrediction.PER_SLOT : SlotPrediction.JOINT;
  }

  /**
   * The run's evaluation figures, {@code <partition>.<figure>}: {@code sentence_accuracy}, {@code
   * mean_slot_accuracy}, {@code loss}, {@code <slot>_accuracy}; empty if the run has no {@code
   * evaluation.json}.
   */
  static Map<String, Double> metrics(Path runDir) throws IOException {
    Path file = runDir.resolve(EvaluationReport.JSON_FILE);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      LOG.warn("{} has no {}: the package carries no metrics", runDir, EvaluationReport.JSON_FILE);
      return metrics;
    }
    for (EvaluationResult r : EvaluationReport.readJson(file)) {
      metrics.putAll(r.metrics());
    }
    for (Map.Entry<String, Double> m : metrics.entrySet()) {
      if (m.getValue() == null || !Double.isFinite(m.getValue())) {
        throw new IOException(
            file
                + " has "
                + m.getKey()
                + " = "
                + m.getValue()
                + ": a package carries numbers only; evaluate the run again"
                + " (actionstream-train evaluate)");
      }
    }
    return metrics;
  }

  private static void requireEmptyOrMissing(Path out) throws IOException {
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new IOException(out + " exists and is not a directory");
      }
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(
              out + " exists and is not empty: a package version is never overwritten");
        }
      }
    }
  }

  private static void deleteIfEmpty(Path out) throws IOException {
    if (Files.isDirectory(out)) {
      requireEmptyOrMissing(out);
      Files.delete(out);
    }
  }

  private static void deleteTree(Path dir) {
    try {
      FileTrees.deleteTree(dir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not remove the temporary directory {}: {}", dir, e.getMessage());
    }
  }
}
