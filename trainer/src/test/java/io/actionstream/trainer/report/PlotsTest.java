package io.actionstream.trainer.report;

import static io.actionstream.core.testkit.Pixels.countNear;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.plot.LinePlot;
import io.actionstream.trainer.train.EpochMetrics;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts are real PNGs whose series are actually drawn. */
class PlotsTest {
  @TempDir Path dir;

  static List<EpochMetrics> epochs(int count) {
    List<EpochMetrics> out = new ArrayList<>();
    for (int e = 1; e <= count; e++) {
      out.add(
          new EpochMetrics(
              e,
              3.0 / e,
              3.2 / e + 0.1,
              0.08 * e,
              Map.of("size", Math.min(1, 0.2 * e), "action", 0.1 * e),
              100,
              5));
    }
    return out;
  }

  @Test
  void shouldWriteLossAndAccuracyPngsOfTheDefaultSizeWithBothLossCurvesDrawn() throws IOException {
    TrainingPlots.write(epochs(8), dir);

    BufferedImage loss = ImageIO.read(dir.resolve(TrainingPlots.LOSS_FILE).toFile());
    BufferedImage accuracy = ImageIO.read(dir.resolve(TrainingPlots.ACCURACY_FILE).toFile());
    assertEquals(LinePlot.DEFAULT_WIDTH, loss.getWidth());
    assertEquals(LinePlot.DEFAULT_HEIGHT, loss.getHeight());
    assertEquals(LinePlot.DEFAULT_WIDTH, accuracy.getWidth());
    Rectangle area = TrainingPlots.lossPlot(epochs(8)).plotArea();
    assertTrue(countNear(loss, area, LinePlot.colour(0)) > 100, "train curve drawn");
    assertTrue(countNear(loss, area, LinePlot.colour(1)) > 100, "validation curve drawn");
    for (int k = 0; k < 3; k++) {
      assertTrue(countNear(accuracy, area, LinePlot.colour(k)) > 50, "accuracy series " + k);
    }
  }

  @Test
  void emptyMetricsShouldStillGiveTwoCharts() throws IOException {
    TrainingPlots.write(List.of(), dir);

    assertEquals(
        LinePlot.DEFAULT_HEIGHT,
        ImageIO.read(dir.resolve(TrainingPlots.ACCURACY_FILE).toFile()).getHeight());
  }
}
