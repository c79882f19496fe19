package io.actionstream.cli.demo;

import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.wire.Prediction;
import java.util.List;
import java.util.Locale;

/** Running per-slot and whole-sentence accuracy of predictions against the true sentences. */
public final class Scoreboard {
  private final PropertySchema schema;
  private final int[] correct;
  private int sentences;
  private int total;

  /** An empty scoreboard over {@code schema}'s slots. */
  public Scoreboard(PropertySchema schema) {
    this.schema = schema;
    this.correct = new int[schema.slotCount()];
  }

  /**
   * Scores one prediction and returns, per slot in schema order, whether its word was right.
   *
   * @throws IllegalArgumentException if the prediction's slots are not the schema's
   */
  public boolean[] record(Sentence truth, Prediction prediction) {
    if (prediction.slots().size() != correct.length) {
      throw new IllegalArgumentException(
          "expected " + correct.length + " slots, got " + prediction.slots().size());
    }
    boolean[] right = new boolean[correct.length];
    boolean all = true;
    for (int s = 0; s < correct.length; s++) {
      right[s] = prediction.slots().get(s).word().equals(truth.word(s));
      correct[s] += right[s] ? 1 : 0;
      all &= right[s];
    }
    sentences += all ? 1 : 0;
    total++;
    return right;
  }

  /** Predictions scored. */
  public int total() {
    return total;
  }

  /** Correct words of slot {@code slot} (schema order). */
  public int correct(int slot) {
    return correct[slot];
  }

  /** Predictions with every slot right. */
  public int sentencesCorrect() {
    return sentences;
  }

  /** Accuracy of slot {@code slot}, 0 when nothing was scored. */
  public double accuracy(int slot) {
    return total == 0 ? 0 : (double) correct[slot] / total;
  }

  /** {@code size 100% colour 100% shape 50% action 100%}. */
  public String running() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < correct.length; i++) {
      s.append(i == 0 ? "" : " ")
          .append(schema.slot(i).name())
          .append(' ')
          .append(percent(correct[i], total));
    }
    return s.toString();
  }

  /** {@code size 15/15 (100%) ... sentence 7/15 (47%)}. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    List<String> names = schema.slotNames();
    for (int i = 0; i < correct.length; i++) {
      s.append(fraction(names.get(i), correct[i])).append("  ");
    }
    return s.append(fraction("sentence", sentences)).toString();
  }

  /** ✓ or ✗ per slot, e.g. {@code ✓✓✗✓}. */
  public static String marks(boolean[] right) {
    StringBuilder s = new StringBuilder();
    for (boolean r : right) {
      s.append(r ? '✓' : '✗');
    }
    return s.toString();
  }

  private String fraction(String name, int count) {
    return String.format(Locale.ROOT, "%s %d/%d (%s)", name, count, total, percent(count, total));
  }

  private static String percent(int count, int total) {
    return total == 0 ? "-" : Math.round(100.0 * count / total) + "%";
  }
}
