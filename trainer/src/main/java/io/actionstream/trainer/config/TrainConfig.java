package io.actionstream.trainer.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.util.ConfigKeys;
import io.actionstream.trainer.augment.AugmentRule;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.train.MaskScope;
import io.actionstream.trainer.train.TrainingOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The trainer's whole configuration, as read from YAML or JSON by {@link TrainConfigLoader}. Every
 * key is declared once, with its default, valid values and meaning: {@link ModelConfig#KEYS},
 * {@link TrainingOptions#KEYS} and the rest here, all in {@link #KEYS} (docs/training.md's table is
 * checked against it).
 *
 * @param data where clips come from
 * @param model model sizes and choices
 * @param training how to train
 * @param output where results go
 */
public record TrainConfig(Data data, Model model, Training training, Output output) {
  public static final String DATASET = "data.dataset";
  public static final String FOLDER = "data.folder";
  public static final String SPLIT = "data.split";
  public static final String RESIZE = "data.resize";
  public static final String SYNTHETIC_CLIPS = "data.synthetic.clips";
  public static final String SYNTHETIC_SEED = "data.synthetic.seed";
  public static final String SYNTHETIC_DISTRACTORS = "data.synthetic.distractors";
  public static final String SYNTHETIC_NOISE = "data.synthetic.noise";
  public static final String MODE = "training.mode";
  public static final String PRETRAIN_EPOCHS = "training.pretrain_epochs";
  public static final String UNSUPERVISED_MODEL = "training.unsupervised_model";
  public static final String NORMALISATION_CLIPS = "training.normalisation_clips";
  public static final String OUTPUT_DIR = "output.dir";

  /** Every trainer key, in the order of the reference table. */
  public static final ConfigDef KEYS = keys();

  private static ConfigDef keys() {
    ConfigDef keys =
        new ConfigDef()
            .define(
                DATASET,
                Type.STRING,
                null,
                Importance.HIGH,
                "dataset directory from `actionstream-data generate` (null: synthetic clips on"
                    + " the fly)")
            .define(
                FOLDER,
                Type.STRING,
                null,
                Importance.HIGH,
                "bring-your-own folder with `annotations.csv` (docs/datasets.md); exclusive with"
                    + " `data.dataset`")
            .define(
                SPLIT,
                Type.STRING,
                "iid",
                ConfigKeys.nonBlank(),
                Importance.HIGH,
                "split: `iid`, `comp-colour-shape-easy`/`medium`/`hard`, `comp-action-shape-*`,"
                    + " `comp-action-colour-*`")
            .define(
                RESIZE,
                Type.STRING,
                "stretch",
                ConfigKeys.oneOf(ResizePolicy.class),
                Importance.MEDIUM,
                "how a folder dataset's frames of another size become H×W (`none` refuses them);"
                    + " recorded in the package as `input.resize`, the service's default for"
                    + " camera frames (docs/stream-processing.md, Camera frames)")
            .define(
                SYNTHETIC_CLIPS,
                Type.LONG,
                4000L,
                ConfigKeys.atLeast(10),
                Importance.MEDIUM,
                "with neither dataset nor folder: clips generated on the fly (the same clips and"
                    + " splits as a dataset of that seed)")
            .define(SYNTHETIC_SEED, Type.LONG, 42L, Importance.MEDIUM, "generator and split seed")
            .define(
                SYNTHETIC_DISTRACTORS,
                Type.INT,
                0,
                ConfigKeys.atLeast(0),
                Importance.LOW,
                "static distractor objects per clip (at most)")
            .define(
                SYNTHETIC_NOISE,
                Type.DOUBLE,
                4.0,
                ConfigKeys.atLeast(0),
                Importance.LOW,
                "pixel noise sigma (0..255 units)");
    ModelConfig.KEYS.configKeys().values().forEach(keys::define);
    keys.define(
        MODE,
        Type.STRING,
        "supervised",
        ConfigKeys.oneOf(Mode.class),
        Importance.HIGH,
        "`supervised`, `unsupervised` (next-frame pre-training) or `both`");
    TrainingOptions.KEYS.configKeys().values().forEach(keys::define);
    return keys.define(
            PRETRAIN_EPOCHS,
            Type.INT,
            5,
            ConfigKeys.between(0, 10_000),
            Importance.MEDIUM,
            "pre-training epochs (`unsupervised`, `both`: at least 1)")
        .define(
            UNSUPERVISED_MODEL,
            Type.STRING,
            null,
            Importance.MEDIUM,
            "`encoder.params` of an earlier unsupervised run to start supervised training from")
        .define(
            NORMALISATION_CLIPS,
            Type.INT,
            64,
            ConfigKeys.atLeast(1),
            Importance.LOW,
            "training clips sampled to estimate the pixel mean/std")
        .define(
            OUTPUT_DIR,
            Type.STRING,
            "runs/default",
            ConfigKeys.nonBlank(),
            Importance.HIGH,
            "run directory");
  }

  /**
   * The configuration of parsed {@link #KEYS} values.
   *
   * @param v key to value as {@link ConfigDef#parse} returns them
   */
  static TrainConfig of(Map<String, Object> v) {
    ModelConfig model = ModelConfig.of(v);
    TrainingOptions o = TrainingOptions.of(v);
    return new TrainConfig(
        new Data(
            (String) v.get(DATASET),
            (String) v.get(FOLDER),
            (String) v.get(SPLIT),
            (String) v.get(RESIZE),
            new Synthetic(
                (Long) v.get(SYNTHETIC_CLIPS),
                (Long) v.get(SYNTHETIC_SEED),
                (Integer) v.get(SYNTHETIC_DISTRACTORS),
                (Double) v.get(SYNTHETIC_NOISE))),
        Model.of(model),
        new Training(
            (String) v.get(MODE),
            o.masking(),
            o.epochs(),
            (Integer) v.get(PRETRAIN_EPOCHS),
            o.batchSize(),
            o.learningRate(),
            o.seed(),
            o.patience(),
            o.maxBatchesPerEpoch(),
            o.maxEvalBatches(),
            o.freezeEncoder(),
            (String) v.get(UNSUPERVISED_MODEL),
            (Integer) v.get(NORMALISATION_CLIPS),
            o.shuffleBuffer(),
            o.maskScope().name().toLowerCase(Locale.ROOT),
            o.augment().stream().map(AugmentRule::toString).toList()),
        new Output((String) v.get(OUTPUT_DIR)));
  }

  /** Training modes. */
  public enum Mode {
    /** Labelled training of the action model. */
    SUPERVISED,
    /** Next-frame-prediction pre-training of the encoder; labels unused. */
    UNSUPERVISED,
    /** Pre-training, then supervised training starting from the pre-trained encoder. */
    BOTH;

    /** Parses a config value, case-insensitively. */
    public static Mode parse(String value) {
      return ModelConfig.parseEnum(Mode.class, MODE, value);
    }

    /** Lower-case name as written in configs. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code data.*}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Data(
      String dataset, String folder, String split, String resize, Synthetic synthetic) {

    /** The parsed {@code data.resize}; absent (a run written before the key existed): stretch. */
    public ResizePolicy resizePolicy() {
      return resize == null ? ResizePolicy.STRETCH : ResizePolicy.parse(resize);
    }
  }

  /** {@code data.synthetic.*}: clips generated on the fly. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Synthetic(long clips, long seed, int distractors, double noise) {}

  /** {@code model.*}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Model(
      int frames,
      int height,
      int width,
      int[] stemChannels,
      int[] hiddenChannels,
      int kernel,
      String head,
      String maskInput,
      int headHidden,
      String pooling,
      String stemDownsample) {

    /**
     * The validated model. A {@code pooling} or {@code stem_downsample} that is absent (a {@code
     * model.json} written before those keys existed) takes its {@link ModelConfig#LEGACY_VALUES
     * legacy value}.
     */
    public ModelConfig toModelConfig() {
      return new ModelConfig(
          frames,
          height,
          width,
          stemChannels,
          hiddenChannels,
          kernel,
          ModelConfig.Head.parse(head),
          ModelConfig.MaskInput.parse(maskInput),
          headHidden,
          ModelConfig.Pooling.parse(orLegacy(pooling, ModelConfig.POOLING)),
          ModelConfig.StemDownsample.parse(orLegacy(stemDownsample, ModelConfig.STEM_DOWNSAMPLE)));
    }

    /** The section as written in configs. */
    static Model of(ModelConfig m) {
      return new Model(
          m.frames(),
          m.height(),
          m.width(),
          m.stemChannels(),
          m.hiddenChannels(),
          m.kernel(),
          m.head().name().toLowerCase(Locale.ROOT),
          m.maskInput().name().toLowerCase(Locale.ROOT),
          m.headHidden(),
          m.pooling().name().toLowerCase(Locale.ROOT),
          m.stemDownsample().name().toLowerCase(Locale.ROOT));
    }

    private static String orLegacy(String value, String key) {
      return value == null ? ModelConfig.LEGACY_VALUES.get(key) : value;
    }
  }

  /** {@code training.*}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Training(
      String mode,
      boolean masking,
      int epochs,
      int pretrainEpochs,
      int batchSize,
      float learningRate,
      long seed,
      int patience,
      long maxBatchesPerEpoch,
      long maxEvalBatches,
      boolean freezeEncoder,
      String unsupervisedModel,
      int normalisationClips,
      int shuffleBuffer,
      String maskScope,
      List<String> augment) {

    /** The parsed mode. */
    public Mode parsedMode() {
      return Mode.parse(mode);
    }

    /** Options for the supervised phase. */
    public TrainingOptions supervisedOptions() {
      return new TrainingOptions(
          epochs,
          batchSize,
          learningRate,
          seed,
          masking,
          patience,
          maxBatchesPerEpoch,
          maxEvalBatches,
          freezeEncoder,
          shuffleBuffer,
          parsedMaskScope(),
          TrainingOptions.augmentRules(augment));
    }

    /**
     * The parsed {@code training.mask_scope}; absent (a run's config written before the key
     * existed) means {@code example}.
     */
    public MaskScope parsedMaskScope() {
      return maskScope == null ? MaskScope.EXAMPLE : MaskScope.parse(maskScope);
    }

    /** Options for the pre-training phase ({@code pretrain_epochs}, no masking). */
    public TrainingOptions pretrainOptions() {
      if (pretrainEpochs < 1) {
        throw new IllegalArgumentException(
            PRETRAIN_EPOCHS + " must be at least 1 with mode " + mode + ", got " + pretrainEpochs);
      }
      return new TrainingOptions(
          pretrainEpochs,
          batchSize,
          learningRate,
          seed,
          false,
          patience,
          maxBatchesPerEpoch,
          maxEvalBatches,
          false,
          shuffleBuffer);
    }
  }

  /** {@code output.*}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Output(String dir) {}

  /**
   * Checks every value, so that a bad one fails before any training starts.
   *
   * @throws IllegalArgumentException naming the first bad key
   */
  public TrainConfig validate() {
    model.toModelConfig();
    training.supervisedOptions();
    if (training.parsedMode() != Mode.SUPERVISED) {
      training.pretrainOptions();
    }
    if (data.dataset() != null && data.folder() != null) {
      throw new IllegalArgumentException(DATASET + " and " + FOLDER + " are exclusive: set one");
    }
    ConfigKeys.check(KEYS, SPLIT, data.split());
    ConfigKeys.check(KEYS, SYNTHETIC_CLIPS, data.synthetic().clips());
    ConfigKeys.check(KEYS, NORMALISATION_CLIPS, training.normalisationClips());
    ConfigKeys.check(KEYS, OUTPUT_DIR, output.dir());
    return this;
  }
}
