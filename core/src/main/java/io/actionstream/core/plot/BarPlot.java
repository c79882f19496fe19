package io.actionstream.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A grouped bar chart, rendered with Java2D in the style of {@link LinePlot}: values in 0..1
 * (accuracies) on a 0..1 axis with two decimals, larger ones (rates) on an axis from 0 to a round
 * number above the largest, as integers; one group per category, one bar per series in {@link
 * LinePlot#colour(int)} order, the value printed above each bar, a legend below. A NaN value leaves
 * its bar out.
 *
 * @param title drawn above the chart
 * @param categories the groups, left to right
 * @param seriesNames one per series
 * @param values {@code values[series][category]}
 */
public record BarPlot(
    String title, List<String> categories, List<String> seriesNames, double[][] values) {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;
  private static final Color AXIS = new Color(40, 40, 40);
  private static final Color GRID = new Color(225, 225, 225);

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Checks that there is one value per series and category. */
  public BarPlot {
    Objects.requireNonNull(title, "title");
    categories = List.copyOf(categories);
    seriesNames = List.copyOf(seriesNames);
    if (values.length != seriesNames.size()) {
      throw new IllegalArgumentException(
          seriesNames.size() + " series need as many value rows, got " + values.length);
    }
    for (double[] row : values) {
      if (row.length != categories.size()) {
        throw new IllegalArgumentException(
            categories.size() + " categories need as many values per row, got " + row.length);
      }
    }
  }

  /** Writes the chart as a PNG to {@code file}, creating parent directories. */
  public void writePng(Path file) throws IOException {
    Png.write(render(), file);
  }

  /** Renders the chart. */
  public BufferedImage render() {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = Png.canvas(image);
    try {
      Rectangle area = new Rectangle(64, 48, WIDTH - 88, HEIGHT - 48 - 96);
      drawGrid(g, area);
      drawBars(g, area);
      g.setColor(AXIS);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(area.x, area.y, area.width, area.height);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      FontMetrics fm = g.getFontMetrics();
      g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, 14 + fm.getAscent());
      drawLegend(g);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The value axis: 0..1 for fractions, else 0 up to a round number above the largest value. */
  private PlotAxis axis() {
    double largest = 0;
    for (double[] row : values) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          largest = Math.max(largest, v);
        }
      }
    }
    if (largest <= 1) {
      return new PlotAxis(0, 1, 0.2, false);
    }
    double step = PlotAxis.niceStep(largest);
    return new PlotAxis(0, Math.ceil(largest / step) * step, step, step >= 1);
  }

  private int py(Rectangle area, double v) {
    double f = axis().fraction(v);
    return (int) Math.round(area.y + area.height * (1 - Math.max(0, Math.min(1, f))));
  }

  private void drawGrid(Graphics2D g, Rectangle area) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    PlotAxis axis = axis();
    for (double v : axis.ticks()) {
      int y = py(area, v);
      g.setColor(GRID);
      g.drawLine(area.x, y, area.x + area.width, y);
      g.setColor(AXIS);
      String label = axis.label(v);
      g.drawString(label, area.x - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
  }

  private void drawBars(Graphics2D g, Rectangle area) {
    int groups = Math.max(1, categories.size());
    double groupWidth = (double) area.width / groups;
    double barWidth = groupWidth * 0.8 / Math.max(1, seriesNames.size());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    for (int c = 0; c < categories.size(); c++) {
      double left = area.x + c * groupWidth + groupWidth * 0.1;
      for (int s = 0; s < seriesNames.size(); s++) {
        double v = values[s][c];
        if (Double.isNaN(v)) {
          continue;
        }
        int x = (int) Math.round(left + s * barWidth);
        int top = py(area, v);
        g.setColor(LinePlot.colour(s));
        g.fillRect(x, top, Math.max(1, (int) barWidth - 2), area.y + area.height - top);
        g.setColor(AXIS);
        String label = String.format(Locale.ROOT, axis().max() > 1 ? "%.0f" : "%.2f", v);
        g.drawString(label, x + ((int) barWidth - 2 - fm.stringWidth(label)) / 2, top - 3);
      }
      g.setColor(AXIS);
      String name = categories.get(c);
      int centre = (int) Math.round(area.x + (c + 0.5) * groupWidth);
      int y = area.y + area.height + 8 + fm.getAscent();
      for (String part : name.split("\\.", 2)) { // "test_comp.sentence_accuracy" on two lines
        g.drawString(part, centre - fm.stringWidth(part) / 2, y);
        y += fm.getHeight();
      }
    }
  }

  private void drawLegend(Graphics2D g) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int total = 0;
    for (String s : seriesNames) {
      total += 20 + fm.stringWidth(s) + 18;
    }
    int x = Math.max(4, (WIDTH - total) / 2);
    int y = HEIGHT - 16;
    for (int k = 0; k < seriesNames.size(); k++) {
      g.setColor(LinePlot.colour(k));
      g.fillRect(x, y - fm.getAscent() + 1, 14, fm.getAscent() - 2);
      g.setColor(AXIS);
      g.drawString(seriesNames.get(k), x + 20, y);
      x += 20 + fm.stringWidth(seriesNames.get(k)) + 18;
    }
  }
}
