package io.actionstream.core.plot;

import static io.actionstream.core.testkit.Pixels.countNear;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts are real PNGs whose series are actually drawn. */
class PlotsTest {
  @TempDir Path dir;

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
  void aLegendWiderThanThePlotShouldWrapIntoRowsThatAllShow() {
    LinePlot.Builder builder = LinePlot.builder().title("many").size(600, 400);
    for (int k = 0; k < 6; k++) {
      builder.series("series " + k + " with a long legend label", new double[0], new double[0]);
    }
    LinePlot plot = builder.build();
    LinePlot one =
        LinePlot.builder().size(600, 400).series("one", new double[0], new double[0]).build();

    BufferedImage image = plot.render();

    Rectangle area = plot.plotArea();
    assertTrue(
        area.height <= one.plotArea().height - 2 * 18,
        "three rows of legend take two rows from the plot: " + area + " vs " + one.plotArea());
    Rectangle legend =
        new Rectangle(0, area.y + area.height + 24, 600, 400 - area.y - area.height - 24);
    for (int k = 0; k < 6; k++) {
      assertTrue(countNear(image, legend, LinePlot.colour(k)) > 10, "legend line of series " + k);
    }
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

  @Test
  void ratesAboveOneShouldBeDrawnToScaleNotClipped() {
    BarPlot plot =
        new BarPlot(
            "frames per second",
            List.of("640x480"),
            List.of("decode", "ingest"),
            new double[][] {{400}, {1200}});
    BufferedImage image = plot.render();
    Rectangle all = new Rectangle(0, 0, image.getWidth(), image.getHeight() - 40);
    double decode = countNear(image, all, LinePlot.colour(0));
    double ingest = countNear(image, all, LinePlot.colour(1));
    assertEquals(3.0, ingest / decode, 0.3, "1200 is three times 400");
  }
}
