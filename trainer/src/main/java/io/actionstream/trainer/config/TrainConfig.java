package io.actionstream.trainer.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.train.MaskScope;
import io.actionstream.trainer.train.TrainingOptions;
import java.util.Locale;

/**
 * The trainer's whole configuration, as read from YAML or JSON by {@link TrainConfigLoader}. Keys
 * are snake_case; every key and its default is in {@code defaults.yaml} and docs/training.md.
 *
 * @param data where clips come from
 * @param model model sizes and choices
 * @param training how to train
 * @param output where results go
 */
public record TrainConfig(Data data, Model model, Training training, Output output) {

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
      return ModelConfig.parseEnum(Mode.class, "training.mode", value);
    }

    /** Lower-case name as written in configs. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code data.*}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Data(String dataset, String folder, String split, Synthetic synthetic) {}

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
     * The validated model sizes. A {@code pooling} or {@code stem_downsample} that is absent (a
     * {@code model.json} written before those keys existed) means the original {@code avg4} and
     * {@code stride}.
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
          pooling == null ? ModelConfig.Pooling.AVG4 : ModelConfig.Pooling.parse(pooling),
          stemDownsample == null
              ? ModelConfig.StemDownsample.STRIDE
              : ModelConfig.StemDownsample.parse(stemDownsample));
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
      String maskScope) {

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
          parsedMaskScope());
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
            "training.pretrain_epochs must be at least 1, got " + pretrainEpochs);
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
    Mode mode = training.parsedMode();
    if (mode != Mode.SUPERVISED) {
      training.pretrainOptions();
    }
    if (data.dataset() != null && data.folder() != null) {
      throw new IllegalArgumentException("data.dataset and data.folder are exclusive: set one");
    }
    if (data.dataset() == null && data.folder() == null && data.synthetic().clips() < 10) {
      throw new IllegalArgumentException(
          "data.synthetic.clips must be at least 10, got " + data.synthetic().clips());
    }
    if (data.split() == null || data.split().isBlank()) {
      throw new IllegalArgumentException("data.split is required, e.g. iid");
    }
    if (training.normalisationClips() < 1) {
      throw new IllegalArgumentException(
          "training.normalisation_clips must be at least 1, got " + training.normalisationClips());
    }
    if (output.dir() == null || output.dir().isBlank()) {
      throw new IllegalArgumentException("output.dir is required");
    }
    return this;
  }
}
