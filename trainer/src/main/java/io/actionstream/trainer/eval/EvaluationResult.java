package io.actionstream.trainer.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /**
   * The figures as {@code <partition>.<figure>}: {@code sentence_accuracy}, {@code
   * mean_slot_accuracy}, {@code loss}, {@code clips}, {@code <slot>_accuracy}.
   */
  public Map<String, Double> metrics() {
    String p = partition;
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(p + ".sentence_accuracy", sentenceAccuracy());
    metrics.put(p + ".mean_slot_accuracy", meanSlotAccuracy());
    metrics.put(p + ".loss", meanLoss);
    metrics.put(p + ".clips", (double) examples);
    for (SlotAccuracy s : slots) {
      metrics.put(p + "." + s.slot() + "_accuracy", s.accuracy());
    }
    return metrics;
  }

  /** The same figures under another partition name. */
  public EvaluationResult renamed(String name) {
    return new EvaluationResult(name, examples, meanLoss, sentenceCorrect, slots);
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
