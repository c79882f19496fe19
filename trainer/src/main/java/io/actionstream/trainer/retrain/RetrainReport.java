package io.actionstream.trainer.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.actionstream.core.plot.BarPlot;
import io.actionstream.trainer.report.TrainingPlots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a retraining run did and decided, written as {@code retrain-report.json} and {@code
 * retrain-report.md} into its work directory.
 *
 * @param outcome promoted, rejected, or why nothing was trained
 * @param serving the version that served when the run started
 * @param candidate the candidate's version, or null if none was made
 * @param labels labels used to train
 * @param heldBack labels held back to evaluate on
 * @param skipped label records skipped, by reason
 * @param replay replay clips mixed in for training
 * @param before the serving model's metrics on the evaluation sets
 * @param after the candidate's metrics on the same sets
 * @param reasons the gate's reasons
 * @param seconds how long the run took
 */
public record RetrainReport(
    RetrainJob.Outcome outcome,
    String serving,
    String candidate,
    int labels,
    int heldBack,
    Map<String, Integer> skipped,
    int replay,
    Map<String, Double> before,
    Map<String, Double> after,
    List<String> reasons,
    double seconds) {

  /** The JSON file name. */
  public static final String JSON_FILE = "retrain-report.json";

  /** The Markdown file name. */
  public static final String MARKDOWN_FILE = "retrain-report.md";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The chart of the tracked metrics before and after. */
  public static final String METRICS_PLOT = "retrain-metrics.png";

  /** Where the fine-tuning's loss and accuracy charts are, relative to the work directory. */
  public static final String FINE_TUNE_PLOTS = "candidate";

  /** Writes both files into {@code dir}, and {@value #METRICS_PLOT} if a candidate was judged. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(JSON_FILE).toFile(), this);
    Files.writeString(dir.resolve(MARKDOWN_FILE), markdown());
    if (!after.isEmpty()) {
      metricsPlot().writePng(dir.resolve(METRICS_PLOT));
    }
  }

  /**
   * Serving and candidate side by side on each evaluation set's sentence and mean slot accuracy
   * ({@link Gate#SUMMARY}).
   */
  public BarPlot metricsPlot() {
    List<String> tracked =
        new TreeSet<>(after.keySet())
            .stream()
                .filter(m -> before.containsKey(m) && Gate.SUMMARY.matcher(m).matches())
                .toList();
    double[][] values = new double[2][tracked.size()];
    for (int i = 0; i < tracked.size(); i++) {
      values[0][i] = before.get(tracked.get(i));
      values[1][i] = after.get(tracked.get(i));
    }
    return new BarPlot(
        "serving " + serving + " vs candidate " + candidate + ": " + outcome,
        tracked,
        List.of("serving " + serving, "candidate " + candidate),
        values);
  }

  /** Reads {@code retrain-report.json} from {@code dir}. */
  public static RetrainReport read(Path dir) throws IOException {
    return JSON.readValue(dir.resolve(JSON_FILE).toFile(), RetrainReport.class);
  }

  /** The Markdown report: the decision, the data used, metrics before and after. */
  public String markdown() {
    StringBuilder md = new StringBuilder("# Retraining\n\n");
    md.append(String.format(Locale.ROOT, "- outcome: **%s**%n", outcome));
    md.append(String.format(Locale.ROOT, "- serving: %s; candidate: %s%n", serving, candidate));
    md.append(
        String.format(
            Locale.ROOT,
            "- labels: %d to train, %d held back to evaluate, skipped %s; replay clips: %d%n",
            labels,
            heldBack,
            skipped,
            replay));
    md.append(String.format(Locale.ROOT, "- took %.1f s%n", seconds));
    for (String r : reasons) {
      md.append("- gate: ").append(r).append('\n');
    }
    if (!after.isEmpty()) {
      md.append("\n![tracked metrics, serving and candidate](" + METRICS_PLOT + ")\n");
      md.append(
          String.format(
              Locale.ROOT,
              "![fine-tuning loss](%1$s/%2$s) ![fine-tuning accuracy](%1$s/%3$s)%n",
              FINE_TUNE_PLOTS,
              TrainingPlots.LOSS_FILE,
              TrainingPlots.ACCURACY_FILE));
      md.append("\n| metric | serving | candidate | change |\n|---|---:|---:|---:|\n");
      for (String m : new TreeSet<>(after.keySet())) {
        if (m.endsWith("_accuracy") && before.containsKey(m)) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %.3f | %.3f | %+.3f |%n",
                  m,
                  before.get(m),
                  after.get(m),
                  after.get(m) - before.get(m)));
        }
      }
    }
    return md.toString();
  }
}
