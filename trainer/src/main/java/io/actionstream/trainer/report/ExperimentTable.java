package io.actionstream.trainer.report;

import io.actionstream.core.plot.LinePlot;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.eval.SlotAccuracy;
import io.actionstream.trainer.eval.SlotQueries;
import io.actionstream.trainer.train.MaskScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The comparison table of {@code docs/results.md}: finished runs grouped by variant (split, head,
 * mask input, mode and frozen encoder, masking and mask scope, augmentation, and whether the slots
 * were asked all at once or each alone), with the mean and standard deviation over seeds of
 * sentence accuracy on the i.i.d. test and the compositional test, and the compositional accuracy
 * of each slot. A run evaluated both ways gives a row to each.
 */
public final class ExperimentTable {
  private ExperimentTable() {}

  /**
   * One finished run.
   *
   * @param variant what distinguishes it apart from the seed
   * @param seed training seed
   * @param test i.i.d. test result, or null
   * @param testComp compositional test result, or null
   */
  public record Run(Variant variant, long seed, EvaluationResult test, EvaluationResult testComp) {

    /**
     * The rows of one run directory: slots asked all at once, and each alone where it was evaluated
     * so ({@link SlotQueries}).
     */
    public static List<Run> of(TrainConfig config, List<EvaluationResult> results) {
      return of(config, results, 0);
    }

    /**
     * The rows of one run directory that trained on {@code trainClips} clips (0: unknown).
     *
     * @see #of(TrainConfig, List)
     */
    public static List<Run> of(
        TrainConfig config, List<EvaluationResult> results, long trainClips) {
      List<Run> runs = new ArrayList<>(2);
      for (SlotQueries queries : SlotQueries.values()) {
        EvaluationResult test = find(results, queries.partition("test"));
        EvaluationResult comp = find(results, queries.partition("test_comp"));
        if (test == null && comp == null && queries == SlotQueries.EACH_ALONE) {
          continue;
        }
        TrainConfig.Training t = config.training();
        runs.add(
            new Run(
                new Variant(
                    config.data().split(),
                    config.model().head(),
                    config.model().maskInput(),
                    t.parsedMode().configName(),
                    t.freezeEncoder(),
                    t.masking(),
                    t.masking() ? t.parsedMaskScope() : MaskScope.EXAMPLE,
                    t.augment() == null ? List.of() : t.augment(),
                    queries,
                    trainClips),
                t.seed(),
                test,
                comp));
      }
      return runs;
    }

    private static EvaluationResult find(List<EvaluationResult> results, String partition) {
      return results.stream().filter(r -> r.partition().equals(partition)).findFirst().orElse(null);
    }
  }

  /**
   * What a row of the table compares.
   *
   * @param split split name
   * @param head slots or sentence
   * @param maskInput input or features
   * @param mode supervised or both
   * @param frozenEncoder whether the (pre-trained) encoder was kept fixed
   * @param masking whether the masking approach was on
   * @param maskScope one mask per example or per batch (only shown with masking)
   * @param augment the {@code training.augment} entries
   * @param queries how the evaluation asked the slots
   * @param trainClips the clips of the training partition (0: unknown)
   */
  public record Variant(
      String split,
      String head,
      String maskInput,
      String mode,
      boolean frozenEncoder,
      boolean masking,
      MaskScope maskScope,
      List<String> augment,
      SlotQueries queries,
      long trainClips) {
    /** The mode column: the mode, and "frozen encoder" when it was kept fixed. */
    String modeText() {
      return frozenEncoder ? mode + ", frozen encoder" : mode;
    }

    /** The masking column: off, on, or on with one mask per batch. */
    String maskingText() {
      if (!masking) {
        return "off";
      }
      return maskScope == MaskScope.BATCH ? "on, one mask per batch" : "on";
    }

    /** The augment column: the entries, or a dash. */
    String augmentText() {
      return augment.isEmpty() ? "–" : String.join(", ", augment);
    }

    /** The training-clips column. */
    String trainClipsText() {
      return trainClips == 0 ? "–" : Long.toString(trainClips);
    }

    /** The same variant with any number of training clips: a line of the sample-efficiency plot. */
    Variant anySize() {
      return new Variant(
          split, head, maskInput, mode, frozenEncoder, masking, maskScope, augment, queries, 0);
    }

    /** The slots-asked column. */
    String queriesText() {
      return queries == SlotQueries.EACH_ALONE ? "each alone" : "all at once";
    }
  }

  /** The Markdown table of {@code runs}, rows in first-seen order of their variant. */
  public static String markdown(List<Run> runs) {
    Map<Variant, List<Run>> groups = new LinkedHashMap<>();
    for (Run run : runs) {
      groups.computeIfAbsent(run.variant(), v -> new ArrayList<>()).add(run);
    }
    List<String> slots = new ArrayList<>();
    for (Run run : runs) {
      if (run.testComp() != null) {
        run.testComp().slots().forEach(s -> slots.add(s.slot()));
        break;
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| split | head | mask input | mode | masking | augment | slots asked | train clips | seeds"
            + " | i.i.d. test | compositional test |");
    slots.forEach(s -> sb.append(" comp. ").append(s).append(" |"));
    sb.append('\n').append("|---|---|---|---|---|---|---|---:|---:|---:|---:|");
    slots.forEach(s -> sb.append("---:|"));
    sb.append('\n');
    for (Map.Entry<Variant, List<Run>> group : groups.entrySet()) {
      Variant v = group.getKey();
      List<Run> members = group.getValue();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s |",
              v.split(),
              v.head(),
              v.maskInput(),
              v.modeText(),
              v.maskingText(),
              v.augmentText(),
              v.queriesText(),
              v.trainClipsText(),
              members.size(),
              stats(members.stream().map(Run::test).toList(), null),
              stats(members.stream().map(Run::testComp).toList(), null)));
      for (String slot : slots) {
        sb.append(' ')
            .append(stats(members.stream().map(Run::testComp).toList(), slot))
            .append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** "mean ± sd %" of sentence accuracy (slot null) or one slot's accuracy; "–" if absent. */
  private static String stats(List<EvaluationResult> results, String slot) {
    List<Double> values = new ArrayList<>();
    for (EvaluationResult r : results) {
      if (r == null) {
        continue;
      }
      if (slot == null) {
        values.add(r.sentenceAccuracy());
      } else {
        r.slots().stream()
            .filter(s -> s.slot().equals(slot))
            .map(SlotAccuracy::accuracy)
            .findFirst()
            .ifPresent(values::add);
      }
    }
    if (values.isEmpty()) {
      return "–";
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    if (values.size() == 1) {
      return String.format(Locale.ROOT, "%.1f%%", 100 * mean);
    }
    double var =
        values.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (values.size() - 1);
    return String.format(Locale.ROOT, "%.1f ± %.1f%%", 100 * mean, 100 * Math.sqrt(var));
  }

  /**
   * The sample-efficiency plot: for each variant (all else equal) evaluated at several training-set
   * sizes, its mean sentence accuracy over seeds on the i.i.d. test and on the compositional test
   * against the number of training clips. Runs of unknown size are left out.
   *
   * @throws IllegalArgumentException if no variant was run at two sizes or more
   */
  public static LinePlot sampleEfficiency(List<Run> runs) {
    Map<Variant, TreeMap<Long, List<Run>>> lines = new LinkedHashMap<>();
    for (Run run : runs) {
      if (run.variant().trainClips() > 0) {
        lines
            .computeIfAbsent(run.variant().anySize(), v -> new TreeMap<>())
            .computeIfAbsent(run.variant().trainClips(), n -> new ArrayList<>())
            .add(run);
      }
    }
    lines.values().removeIf(sizes -> sizes.size() < 2);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(
          "no variant was run at two or more training-set sizes (train clips)");
    }
    LinePlot.Builder plot =
        LinePlot.builder()
            .title("Sentence accuracy against training clips (mean over seeds)")
            .xLabel("training clips")
            .yLabel("sentence accuracy")
            .yRange(0, 1);
    for (Map.Entry<Variant, TreeMap<Long, List<Run>>> line : lines.entrySet()) {
      String name = lineName(line.getKey(), lines.size() > 1 && manySplits(lines.keySet()));
      double[] x = line.getValue().keySet().stream().mapToDouble(Long::doubleValue).toArray();
      plot.series(name + ": i.i.d.", x, means(line.getValue(), Run::test));
      plot.series(name + ": held-out", x, means(line.getValue(), Run::testComp));
    }
    return plot.build();
  }

  /** What tells a line apart: split (when several), head (when not slots), method, queries. */
  private static String lineName(Variant v, boolean withSplit) {
    return (withSplit ? v.split() + ", " : "")
        + ("slots".equals(v.head()) ? "" : v.head() + " head, ")
        + (v.masking() ? "masking" : "baseline")
        + (v.augment().isEmpty() ? "" : " + augment")
        + (v.queries() == SlotQueries.EACH_ALONE ? ", each alone" : "");
  }

  private static boolean manySplits(java.util.Collection<Variant> variants) {
    return variants.stream().map(Variant::split).distinct().count() > 1;
  }

  private static double[] means(
      TreeMap<Long, List<Run>> sizes, Function<Run, EvaluationResult> partition) {
    return sizes.values().stream()
        .mapToDouble(
            members ->
                members.stream()
                    .map(partition)
                    .filter(Objects::nonNull)
                    .mapToDouble(EvaluationResult::sentenceAccuracy)
                    .average()
                    .orElse(Double.NaN))
        .toArray();
  }
}
