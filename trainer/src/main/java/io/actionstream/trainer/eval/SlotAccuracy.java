package io.actionstream.trainer.eval;

import java.util.List;

/**
 * Accuracy and confusion matrix of one slot.
 *
 * @param slot slot name
 * @param words the slot's words (row and column order of the matrix)
 * @param correct examples whose predicted word was right
 * @param total examples seen
 * @param confusion counts: {@code confusion[true][predicted]}
 */
public record SlotAccuracy(
    String slot, List<String> words, long correct, long total, long[][] confusion) {

  /** Fraction correct, or 0 when nothing was seen. */
  public double accuracy() {
    return total == 0 ? 0 : (double) correct / total;
  }
}
