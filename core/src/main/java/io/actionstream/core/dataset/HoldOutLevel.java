package io.actionstream.core.dataset;

/**
 * How much of a pair of slots (A, B) a compositional split holds out, with A the slot with more
 * words. Each word of A loses the same number of partners from B:
 *
 * <ul>
 *   <li>{@link #EASY}: 1 partner;
 *   <li>{@link #MEDIUM}: floor(|B|/2) partners;
 *   <li>{@link #HARD}: all but one partner, so each word of A is trained with exactly one word of
 *       B.
 * </ul>
 */
public enum HoldOutLevel {
  EASY,
  MEDIUM,
  HARD;

  /** Number of B words each A word loses at this level (at least 1, at most |B|-1). */
  public int partnersHeldOut(int sizeOfB) {
    if (sizeOfB < 2) {
      throw new IllegalArgumentException("slot B needs at least 2 words, got " + sizeOfB);
    }
    return switch (this) {
      case EASY -> 1;
      case MEDIUM -> sizeOfB / 2;
      case HARD -> sizeOfB - 1;
    };
  }

  /** The lower-case name used in split names ({@code easy}). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
