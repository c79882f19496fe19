package io.actionstream.trainer.train;

import io.actionstream.core.util.ConfigKeys;
import io.actionstream.trainer.augment.AugmentRule;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * How to run supervised training. Its {@code training.*} keys are declared once, in {@link #KEYS};
 * construction checks every value against them, so messages name the config key.
 *
 * @param epochs maximum epochs, 1..10000
 * @param batchSize clips per step, 1..4096
 * @param learningRate Adam learning rate, (0, 1]
 * @param seed seed for initialisation, masks and engine randomness
 * @param masking draw a random non-zero mask per example and score only its slots
 * @param patience stop after this many epochs without a better validation loss (0: never)
 * @param maxBatchesPerEpoch cap on training batches per epoch (0: the whole partition)
 * @param maxEvalBatches cap on validation/evaluation batches (0: all)
 * @param freezeEncoder keep the encoder's weights fixed (e.g. after pre-training, as in the thesis)
 * @param shuffleBuffer clips held to shuffle the training order each epoch (0: storage order)
 * @param maskScope with masking, a new mask per example or per batch
 * @param augment with masking, the augmentations applied to the slots a mask leaves out
 */
public record TrainingOptions(
    int epochs,
    int batchSize,
    float learningRate,
    long seed,
    boolean masking,
    int patience,
    long maxBatchesPerEpoch,
    long maxEvalBatches,
    boolean freezeEncoder,
    int shuffleBuffer,
    MaskScope maskScope,
    List<AugmentRule> augment) {

  public static final String EPOCHS = "training.epochs";
  public static final String BATCH_SIZE = "training.batch_size";
  public static final String LEARNING_RATE = "training.learning_rate";
  public static final String SEED = "training.seed";
  public static final String MASKING = "training.masking";
  public static final String PATIENCE = "training.patience";
  public static final String MAX_BATCHES_PER_EPOCH = "training.max_batches_per_epoch";
  public static final String MAX_EVAL_BATCHES = "training.max_eval_batches";
  public static final String FREEZE_ENCODER = "training.freeze_encoder";
  public static final String SHUFFLE_BUFFER = "training.shuffle_buffer";
  public static final String MASK_SCOPE = "training.mask_scope";
  public static final String AUGMENT = "training.augment";

  /** The {@code training.*} keys these options hold: name, type, default, valid values, meaning. */
  public static final ConfigDef KEYS =
      new ConfigDef()
          .define(
              MASKING,
              Type.BOOLEAN,
              false,
              Importance.HIGH,
              "the masking approach: a random non-zero mask per example, only its slots scored")
          .define(
              EPOCHS,
              Type.INT,
              10,
              ConfigKeys.between(1, 10_000),
              Importance.HIGH,
              "supervised epochs (at most; early stopping may end sooner)")
          .define(
              BATCH_SIZE,
              Type.INT,
              16,
              ConfigKeys.between(1, 4096),
              Importance.MEDIUM,
              "clips per step")
          .define(
              LEARNING_RATE,
              Type.DOUBLE,
              0.001,
              ConfigKeys.positiveAtMost(1),
              Importance.MEDIUM,
              "Adam learning rate (fixed)")
          .define(SEED, Type.LONG, 42L, Importance.MEDIUM, "initialisation, mask and engine seed")
          .define(
              PATIENCE,
              Type.INT,
              3,
              ConfigKeys.atLeast(0),
              Importance.MEDIUM,
              "stop after this many epochs without a lower validation loss (0: never)")
          .define(
              MAX_BATCHES_PER_EPOCH,
              Type.LONG,
              0L,
              ConfigKeys.atLeast(0),
              Importance.LOW,
              "cap on training batches per epoch (0: whole partition)")
          .define(
              MAX_EVAL_BATCHES,
              Type.LONG,
              0L,
              ConfigKeys.atLeast(0),
              Importance.LOW,
              "cap on validation batches during training (0: all)")
          .define(
              FREEZE_ENCODER,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "keep a pre-trained encoder fixed (as in the thesis)")
          .define(
              SHUFFLE_BUFFER,
              Type.INT,
              256,
              ConfigKeys.between(0, 100_000),
              Importance.LOW,
              "clips held to shuffle the training order every epoch (0: storage order)")
          .define(
              MASK_SCOPE,
              Type.STRING,
              "example",
              ConfigKeys.oneOf(MaskScope.class),
              Importance.LOW,
              "with `masking`: a new random mask per example (`example`), or one per batch"
                  + " shared by its examples (`batch`, as in the thesis). A run's config without"
                  + " the key means `example`")
          .define(
              AUGMENT,
              Type.LIST,
              List.of(),
              ConfigKeys.listOf(AugmentRule.FORMAT, AugmentRule::isValid),
              Importance.MEDIUM,
              "with `masking`: mask-conditioned augmentation, entries `slots=augmentation`"
                  + " applied to an example whose mask asks none of the slots (e.g. `colour=hue`,"
                  + " `size=scale`, `action=mirror`, `action+size=reverse`, `colour=hue@0.5` for"
                  + " half of them; see Mask-conditioned"
                  + " augmentation). `[]`: none");

  public TrainingOptions {
    Objects.requireNonNull(maskScope, MASK_SCOPE);
    augment = List.copyOf(Objects.requireNonNull(augment, AUGMENT));
    if (!augment.isEmpty() && !masking) {
      throw new IllegalArgumentException(
          AUGMENT
              + " needs "
              + MASKING
              + ": true (it changes only the slots an example's mask leaves out), got "
              + augment);
    }
    ConfigKeys.check(KEYS, EPOCHS, epochs);
    ConfigKeys.check(KEYS, BATCH_SIZE, batchSize);
    ConfigKeys.check(KEYS, LEARNING_RATE, (double) learningRate);
    ConfigKeys.check(KEYS, PATIENCE, patience);
    ConfigKeys.check(KEYS, MAX_BATCHES_PER_EPOCH, maxBatchesPerEpoch);
    ConfigKeys.check(KEYS, MAX_EVAL_BATCHES, maxEvalBatches);
    ConfigKeys.check(KEYS, SHUFFLE_BUFFER, shuffleBuffer);
  }

  /**
   * The options of parsed {@link #KEYS} values.
   *
   * @param values {@code training.*} key to value as {@link ConfigDef#parse} returns them
   */
  public static TrainingOptions of(Map<String, Object> values) {
    return new TrainingOptions(
        (Integer) values.get(EPOCHS),
        (Integer) values.get(BATCH_SIZE),
        ((Double) values.get(LEARNING_RATE)).floatValue(),
        (Long) values.get(SEED),
        (Boolean) values.get(MASKING),
        (Integer) values.get(PATIENCE),
        (Long) values.get(MAX_BATCHES_PER_EPOCH),
        (Long) values.get(MAX_EVAL_BATCHES),
        (Boolean) values.get(FREEZE_ENCODER),
        (Integer) values.get(SHUFFLE_BUFFER),
        MaskScope.parse((String) values.get(MASK_SCOPE)),
        augmentRules((List<?>) values.get(AUGMENT)));
  }

  /** The rules of a {@link #AUGMENT} list (null: none). */
  public static List<AugmentRule> augmentRules(List<?> entries) {
    return entries == null
        ? List.of()
        : entries.stream().map(e -> AugmentRule.parse(e.toString())).toList();
  }

  /** Options with masks drawn per example ({@link MaskScope#EXAMPLE}) and no augmentation. */
  public TrainingOptions(
      int epochs,
      int batchSize,
      float learningRate,
      long seed,
      boolean masking,
      int patience,
      long maxBatchesPerEpoch,
      long maxEvalBatches,
      boolean freezeEncoder,
      int shuffleBuffer) {
    this(
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
        MaskScope.EXAMPLE,
        List.of());
  }

  /** The defaults of {@link #KEYS}. */
  public static TrainingOptions defaults() {
    return of(ConfigKeys.parse(KEYS, Map.of()));
  }

  /** A copy with masking switched on or off. */
  public TrainingOptions withMasking(boolean on) {
    return new TrainingOptions(
        epochs,
        batchSize,
        learningRate,
        seed,
        on,
        patience,
        maxBatchesPerEpoch,
        maxEvalBatches,
        freezeEncoder,
        shuffleBuffer,
        maskScope,
        on ? augment : List.of());
  }
}
