package io.actionstream.trainer.report;

import io.actionstream.core.plot.LinePlot;
import io.actionstream.trainer.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The standard curves of a training run, drawn from its {@link MetricsLog}: {@value #LOSS_FILE}
 * (train versus validation loss) and {@value #ACCURACY_FILE} (validation sentence accuracy and each
 * slot's validation accuracy, on a fixed 0 to 1 scale).
 */
public final class TrainingPlots {
  /** File name of the loss chart. */
  public static final String LOSS_FILE = "loss.png";

  /** File name of the accuracy chart. */
  public static final String ACCURACY_FILE = "accuracy.png";

  private TrainingPlots() {}

  /**
   * Writes {@value #LOSS_FILE} and {@value #ACCURACY_FILE} into {@code dir} (created if missing).
   * An empty list still gives two charts with axes and legends but no lines.
   */
  public static void write(List<EpochMetrics> epochs, Path dir) throws IOException {
    Objects.requireNonNull(epochs, "epochs");
    Files.createDirectories(dir);
    lossPlot(epochs).writePng(dir.resolve(LOSS_FILE));
    accuracyPlot(epochs).writePng(dir.resolve(ACCURACY_FILE));
  }

  /** The loss chart: series {@code train} then {@code validation}. */
  public static LinePlot lossPlot(List<EpochMetrics> epochs) {
    int n = epochs.size();
    double[] x = new double[n];
    double[] train = new double[n];
    double[] val = new double[n];
    for (int i = 0; i < n; i++) {
      EpochMetrics m = epochs.get(i);
      x[i] = m.epoch();
      train[i] = m.trainLoss();
      val[i] = m.valLoss();
    }
    return LinePlot.builder()
        .title("Loss per clip")
        .yLabel("loss")
        .series("train", x, train)
        .series("validation", x, val)
        .build();
  }

  /**
   * The accuracy chart: series {@code sentence} then one per slot, in first-seen order. An epoch
   * missing a slot leaves a gap in that slot's line.
   */
  public static LinePlot accuracyPlot(List<EpochMetrics> epochs) {
    int n = epochs.size();
    double[] x = new double[n];
    double[] sentence = new double[n];
    Set<String> slots = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      EpochMetrics m = epochs.get(i);
      x[i] = m.epoch();
      sentence[i] = m.valSentenceAccuracy();
      if (m.valSlotAccuracy() != null) {
        slots.addAll(m.valSlotAccuracy().keySet());
      }
    }
    LinePlot.Builder plot =
        LinePlot.builder()
            .title("Validation accuracy")
            .yLabel("accuracy")
            .yRange(0, 1)
            .series("sentence", x, sentence);
    for (String slot : slots) {
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        Map<String, Double> bySlot = epochs.get(i).valSlotAccuracy();
        Double v = bySlot == null ? null : bySlot.get(slot);
        y[i] = v == null ? Double.NaN : v;
      }
      plot.series(slot, x, y);
    }
    return plot.build();
  }
}
