package io.actionstream.trainer.train;

import java.util.Objects;

/**
 * How to run supervised training. Validated on construction; messages name the config key ({@code
 * training.*}).
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
    MaskScope maskScope) {

  public TrainingOptions {
    Objects.requireNonNull(maskScope, "maskScope");
    require(epochs >= 1 && epochs <= 10_000, "training.epochs", "1..10000", epochs);
    require(batchSize >= 1 && batchSize <= 4096, "training.batch_size", "1..4096", batchSize);
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException(
          "training.learning_rate must be in (0, 1], got " + learningRate);
    }
    require(patience >= 0, "training.patience", ">= 0", patience);
    require(maxBatchesPerEpoch >= 0, "training.max_batches_per_epoch", ">= 0", maxBatchesPerEpoch);
    require(
        shuffleBuffer >= 0 && shuffleBuffer <= 100_000,
        "training.shuffle_buffer",
        "0..100000",
        shuffleBuffer);
    require(maxEvalBatches >= 0, "training.max_eval_batches", ">= 0", maxEvalBatches);
  }

  /** Options with masks drawn per example ({@link MaskScope#EXAMPLE}). */
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
        MaskScope.EXAMPLE);
  }

  /** Defaults: 10 epochs, batch 16, Adam 1e-3, seed 42, no masking, patience 3. */
  public static TrainingOptions defaults() {
    return new TrainingOptions(10, 16, 1e-3f, 42, false, 3, 0, 0, false, 256);
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
        maskScope);
  }

  private static void require(boolean ok, String key, String allowed, long actual) {
    if (!ok) {
      throw new IllegalArgumentException(key + " must be " + allowed + ", got " + actual);
    }
  }
}
