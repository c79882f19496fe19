package io.actionstream.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.trainer.train.EpochMetrics;
import java.awt.Color;
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

  /** Pixels inside {@code area} within a small distance of {@code colour}. */
  static int countNear(BufferedImage image, Rectangle area, Color colour) {
    int n = 0;
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        Color c = new Color(image.getRGB(x, y));
        int d =
            Math.abs(c.getRed() - colour.getRed())
                + Math.abs(c.getGreen() - colour.getGreen())
                + Math.abs(c.getBlue() - colour.getBlue());
        n += d <= 12 ? 1 : 0;
      }
    }
    return n;
  }

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
  void seriesColourShouldBeAbsentFromThePlotAreaWithoutData() {
    LinePlot plot =
        LinePlot.builder()
            .title("empty")
            .series("nothing", new double[0], new double[0])
            .series("all NaN", new double[] {1, 2}, new double[] {Double.NaN, Double.NaN})
            .build();

    BufferedImage image = plot.render();

    assertEquals(0, countNear(image, plot.plotArea(), LinePlot.colour(0)));
    assertEquals(0, countNear(image, plot.plotArea(), LinePlot.colour(1)));
  }

  @Test
  void shouldSkipNaNPointsAndDrawASinglePointAsADot() throws IOException {
    LinePlot plot =
        LinePlot.builder()
            .title("gaps")
            .yLabel("loss")
            .size(400, 300)
            .series("gappy", new double[] {1, 2, 3, 4}, new double[] {1, Double.NaN, 2, 3})
            .series("single", new double[] {2}, new double[] {1.5})
            .build();
    Path file = dir.resolve("gaps.png");

    plot.writePng(file);

    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(400, image.getWidth());
    assertEquals(300, image.getHeight());
    assertTrue(countNear(image, plot.plotArea(), LinePlot.colour(0)) > 20);
    assertTrue(countNear(image, plot.plotArea(), LinePlot.colour(1)) > 10);
  }

  @Test
  void emptyMetricsShouldStillGiveTwoCharts() throws IOException {
    TrainingPlots.write(List.of(), dir);

    assertEquals(
        LinePlot.DEFAULT_HEIGHT,
        ImageIO.read(dir.resolve(TrainingPlots.ACCURACY_FILE).toFile()).getHeight());
  }

  @Test
  void niceStepShouldBeOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(0.5, PlotAxis.niceStep(2.5), 1e-12);
    assertEquals(2, PlotAxis.niceStep(10), 1e-12);
    assertEquals(0.1, PlotAxis.niceStep(0.6), 1e-12);
  }

  @Test
  void barsShouldBeAsTallAsTheirValuesAndNaNBarsAbsent() {
    BarPlot plot =
        new BarPlot(
            "before and after",
            List.of("labels.sentence_accuracy", "test.sentence_accuracy"),
            List.of("serving", "candidate"),
            new double[][] {{0.2, Double.NaN}, {0.8, Double.NaN}});
    BufferedImage image = plot.render();
    Rectangle all = new Rectangle(0, 0, image.getWidth(), image.getHeight() - 40); // no legend
    double serving = countNear(image, all, LinePlot.colour(0));
    double candidate = countNear(image, all, LinePlot.colour(1));
    assertTrue(serving > 100, "serving bar drawn: " + serving);
    assertEquals(4.0, candidate / serving, 0.4, "0.8 is four times 0.2");
    BarPlot none =
        new BarPlot("nan", List.of("a"), List.of("serving"), new double[][] {{Double.NaN}});
    assertEquals(0, countNear(none.render(), all, LinePlot.colour(0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BarPlot("x", List.of("a", "b"), List.of("s"), new double[][] {{1}}));
  }
}
