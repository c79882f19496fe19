package io.actionstream.core.dataset;

import java.util.Arrays;
import java.util.Locale;

/**
 * The part of a split a clip belongs to. Among clips whose property pair is not held out, {@link
 * #TRAIN}, {@link #VAL} and {@link #TEST} take about 70%, 15% and 15%; clips whose pair is held out
 * go to {@link #TEST_COMP} and nowhere else.
 */
public enum Partition {
  /** Training clips. */
  TRAIN,
  /** Validation clips (early stopping, learning-rate schedule), same distribution as TRAIN. */
  VAL,
  /** The i.i.d. test: same distribution as TRAIN, never trained on. */
  TEST,
  /** The compositional test: only clips whose pair of words is held out of TRAIN/VAL/TEST. */
  TEST_COMP;

  /** The lower-case name used in CSV files and the manifest ({@code train}, {@code test_comp}). */
  public String csvName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code train}, {@code val}, {@code test} or {@code test_comp} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Partition parse(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    for (Partition p : values()) {
      if (p.name().equals(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown partition '"
            + text
            + "'; expected one of "
            + Arrays.stream(values()).map(Partition::csvName).toList());
  }
}
