package io.actionstream.trainer.eval;

import java.util.List;
import java.util.Locale;

/**
 * What {@link Evaluator} measured on one partition.
 *
 * @param partition the partition evaluated, e.g. {@code test_comp}
 * @param examples clips seen
 * @param meanLoss mean masked loss per clip (all-ones mask)
 * @param sentenceCorrect clips whose every slot was right
 * @param slots per-slot accuracy and confusion
 */
public record EvaluationResult(
    String partition,
    long examples,
    double meanLoss,
    long sentenceCorrect,
    List<SlotAccuracy> slots) {

  /** Fraction of clips whose whole sentence was right. */
  public double sentenceAccuracy() {
    return examples == 0 ? 0 : (double) sentenceCorrect / examples;
  }

  /** Mean of the per-slot accuracies. */
  public double meanSlotAccuracy() {
    return slots.stream().mapToDouble(SlotAccuracy::accuracy).average().orElse(0);
  }

  /** One Markdown table row: partition, examples, sentence accuracy, each slot's accuracy. */
  public String markdownRow() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT, "| %s | %d | %.1f%% |", partition, examples, 100 * sentenceAccuracy()));
    for (SlotAccuracy s : slots) {
      sb.append(String.format(Locale.ROOT, " %.1f%% |", 100 * s.accuracy()));
    }
    return sb.toString();
  }

  /** The Markdown header matching {@link #markdownRow()}. */
  public String markdownHeader() {
    StringBuilder head = new StringBuilder("| partition | clips | sentence |");
    StringBuilder rule = new StringBuilder("|---|---:|---:|");
    for (SlotAccuracy s : slots) {
      head.append(' ').append(s.slot()).append(" |");
      rule.append("---:|");
    }
    return head + "\n" + rule;
  }
}
