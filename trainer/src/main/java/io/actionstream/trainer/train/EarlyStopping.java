package io.actionstream.trainer.train;

/**
 * Early-stopping state: the best validation loss so far, the epoch it was reached and how many
 * epochs have passed without improvement. Immutable; saved with every checkpoint so a resumed run
 * stops where an uninterrupted one would.
 *
 * @param bestEpoch epoch of the best validation loss (0 before the first)
 * @param bestValLoss best validation loss so far
 * @param epochsWithoutImprovement epochs since the best one
 * @param stop whether training should stop
 */
public record EarlyStopping(
    int bestEpoch, double bestValLoss, int epochsWithoutImprovement, boolean stop) {

  /** The state before the first epoch. */
  public static EarlyStopping fresh() {
    return new EarlyStopping(0, Double.POSITIVE_INFINITY, 0, false);
  }

  /** Whether training should stop now. */
  public boolean shouldStop() {
    return stop;
  }

  /** Whether {@code epoch} was the best so far (call after {@link #after}). */
  public boolean isBest(int epoch) {
    return bestEpoch == epoch;
  }

  /**
   * The state after an epoch with validation loss {@code valLoss}. A loss that is not finite
   * (diverged training) never counts as an improvement.
   *
   * @param patience epochs without improvement before stopping (0: never stop early)
   */
  public EarlyStopping after(int epoch, double valLoss, int patience) {
    if (Double.isFinite(valLoss) && valLoss < bestValLoss) {
      return new EarlyStopping(epoch, valLoss, 0, false);
    }
    int waited = epochsWithoutImprovement + 1;
    return new EarlyStopping(bestEpoch, bestValLoss, waited, patience > 0 && waited >= patience);
  }
}
