package io.actionstream.trainer.retrain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * When a retrained candidate may replace the serving model: its {@code target} metric must beat the
 * serving model's by more than {@code minImprovement}, and no tracked metric may fall by more than
 * {@code tolerance}. Tracked: the metrics both models were measured on whose names match {@code
 * tracked} (by default {@link #SUMMARY}: each evaluation set's sentence and mean slot accuracy;
 * per-slot accuracies of small sets move in large steps and are left out); higher is better.
 *
 * @param target the metric the job improves, e.g. {@code labels.mean_slot_accuracy}
 * @param minImprovement how much the target must rise, at least 0
 * @param tolerance how much any tracked metric may fall, at least 0
 * @param tracked which metrics may not regress
 */
public record Gate(String target, double minImprovement, double tolerance, Pattern tracked) {
  /** Each evaluation set's {@code sentence_accuracy} and {@code mean_slot_accuracy}. */
  public static final Pattern SUMMARY = Pattern.compile(".*\\.(sentence|mean_slot)_accuracy");

  /** A gate that tracks {@link #SUMMARY}. */
  public Gate(String target, double minImprovement, double tolerance) {
    this(target, minImprovement, tolerance, SUMMARY);
  }

  public Gate {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(tracked, "tracked");
    if (!(minImprovement >= 0) || !(tolerance >= 0)) {
      throw new IllegalArgumentException(
          "gate: min improvement and tolerance must be >= 0, got "
              + minImprovement
              + " and "
              + tolerance);
    }
  }

  /**
   * The gate's judgement.
   *
   * @param passed whether the candidate may serve
   * @param reasons why, one line per check (the failed ones when it did not pass)
   * @param deltas candidate minus serving, per compared metric, {@code gate.delta.<metric>}
   */
  public record Decision(boolean passed, List<String> reasons, Map<String, Double> deltas) {}

  /**
   * Judges {@code candidate} against {@code serving}.
   *
   * @throws IllegalArgumentException if either lacks the target metric
   */
  public Decision decide(Map<String, Double> serving, Map<String, Double> candidate) {
    if (!serving.containsKey(target) || !candidate.containsKey(target)) {
      throw new IllegalArgumentException(
          "gate: target " + target + " was not measured (measured: " + candidate.keySet() + ")");
    }
    List<String> failed = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    Map<String, Double> deltas = new LinkedHashMap<>();
    double gain = candidate.get(target) - serving.get(target);
    deltas.put("gate.delta." + target, gain);
    String targetLine =
        String.format(
            Locale.ROOT,
            "%s %.4f -> %.4f (%+.4f, needs > %+.4f)",
            target,
            serving.get(target),
            candidate.get(target),
            gain,
            minImprovement);
    (gain > minImprovement ? passed : failed).add(targetLine);
    for (Map.Entry<String, Double> m : serving.entrySet()) {
      String name = m.getKey();
      if (name.equals(target) || !tracked.matcher(name).matches() || !candidate.containsKey(name)) {
        continue;
      }
      double delta = candidate.get(name) - m.getValue();
      deltas.put("gate.delta." + name, delta);
      if (delta < -tolerance) {
        failed.add(
            String.format(
                Locale.ROOT,
                "%s regressed %.4f -> %.4f (%+.4f, tolerance %.4f)",
                name,
                m.getValue(),
                candidate.get(name),
                delta,
                tolerance));
      }
    }
    if (failed.isEmpty()) {
      passed.add(String.format(Locale.ROOT, "no tracked metric fell by more than %.4f", tolerance));
      return new Decision(true, passed, deltas);
    }
    return new Decision(false, failed, deltas);
  }
}
