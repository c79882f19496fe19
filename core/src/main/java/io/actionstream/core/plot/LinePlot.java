package io.actionstream.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A line chart of one or more named series rendered with Java2D: antialiased lines, axes with tick
 * labels, a title, a y-axis label and a legend below the x axis.
 *
 * <p>The y range is the extent of the finite values rounded out to "nice" ticks unless fixed with
 * {@link Builder#yRange}; the x range covers every finite x. NaN and infinite points are skipped
 * (the line breaks there); isolated points, e.g. a single-epoch series, are drawn as dots. A chart
 * with no finite point at all still renders axes, title and legend.
 *
 * <p>Series take colours from {@link #colour(int)} in the order they were added. Instances are
 * immutable; build with {@link #builder()}.
 */
public final class LinePlot {
  /** Default image width in pixels. */
  public static final int DEFAULT_WIDTH = 800;

  /** Default image height in pixels. */
  public static final int DEFAULT_HEIGHT = 500;

  private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  /** Height of each legend row beyond the first. */
  private static final int LEGEND_ROW = 18;

  private static final Color[] PALETTE = {
    new Color(31, 119, 180),
    new Color(255, 127, 14),
    new Color(44, 160, 44),
    new Color(214, 39, 40),
    new Color(148, 103, 189),
    new Color(140, 86, 75),
    new Color(227, 119, 194),
    new Color(23, 190, 207),
  };

  private static final int LEFT = 80;
  private static final int RIGHT = 24;
  private static final int TOP = 44;
  private static final int BOTTOM = 84;
  private static final Color AXIS = new Color(40, 40, 40);
  private static final Color GRID = new Color(225, 225, 225);

  static {
    // Reports are rendered on servers and in CI: never try to reach a display.
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * One named series; {@code x} and {@code y} have equal length.
   *
   * @param name legend label
   * @param x x values (epochs)
   * @param y y values; NaN marks a missing point
   */
  public record Series(String name, double[] x, double[] y) {
    /**
     * Checks the series.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public Series {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(x, "x");
      Objects.requireNonNull(y, "y");
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "series '"
                + name
                + "' needs as many x as y values, got "
                + x.length
                + " and "
                + y.length);
      }
      x = x.clone();
      y = y.clone();
    }

    @Override
    public double[] x() {
      return x.clone();
    }

    @Override
    public double[] y() {
      return y.clone();
    }
  }

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final int width;
  private final int height;
  private final double fixedYMin;
  private final double fixedYMax;
  private final List<Series> series;

  private LinePlot(Builder b) {
    this.title = b.title;
    this.xLabel = b.xLabel;
    this.yLabel = b.yLabel;
    this.width = b.width;
    this.height = b.height;
    this.fixedYMin = b.yMin;
    this.fixedYMax = b.yMax;
    this.series = List.copyOf(b.series);
  }

  /** Starts a plot with the default size, no title and x label {@code epoch}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The colour of the {@code index}-th series (0-based); the palette repeats after eight. */
  public static Color colour(int index) {
    return PALETTE[Math.floorMod(index, PALETTE.length)];
  }

  /** The series of this plot, in legend order. */
  public List<Series> series() {
    return series;
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /** The rectangle the data is drawn in (inside the axes); the legend lies outside it. */
  public Rectangle plotArea() {
    int extraRows = legendRows().size() - 1;
    return new Rectangle(
        LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM - LEGEND_ROW * extraRows);
  }

  /** The legend's rows: series indices, as many per row as fit the width. */
  private List<List<Integer>> legendRows() {
    Graphics2D scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    FontMetrics fm;
    try {
      fm = scratch.getFontMetrics(LEGEND);
    } finally {
      scratch.dispose();
    }
    List<List<Integer>> rows = new ArrayList<>();
    List<Integer> row = new ArrayList<>();
    int used = 0;
    for (int k = 0; k < series.size(); k++) {
      int w = legendWidth(fm, series.get(k).name);
      if (!row.isEmpty() && used + w > width - 8) {
        rows.add(row);
        row = new ArrayList<>();
        used = 0;
      }
      row.add(k);
      used += w;
    }
    rows.add(row);
    return rows;
  }

  private static int legendWidth(FontMetrics fm, String name) {
    return 28 + fm.stringWidth(name) + 18;
  }

  /** Writes the chart as a PNG to {@code file}, creating parent directories. */
  public void writePng(Path file) throws IOException {
    Png.write(render(), file);
  }

  /** Renders the chart. */
  public BufferedImage render() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = Png.canvas(image);
    try {
      Rectangle area = plotArea();
      PlotAxis xAxis = xAxis();
      PlotAxis yAxis = yAxis();
      drawGridAndTicks(g, area, xAxis, yAxis);
      drawSeries(g, area, xAxis, yAxis);
      drawFrameAndLabels(g, area);
      drawLegend(g, area);
    } finally {
      g.dispose();
    }
    return image;
  }

  private PlotAxis xAxis() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    boolean integers = true;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        double x = s.x[i];
        if (Double.isFinite(x) && Double.isFinite(s.y[i])) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
          integers &= x == Math.rint(x);
        }
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    }
    if (lo == hi) {
      lo -= 1;
      hi += 1;
    }
    double step = PlotAxis.niceStep(hi - lo);
    if (integers) {
      step = Math.max(1, Math.rint(step));
    }
    // x keeps its data range (epochs start at the left edge); ticks fall on multiples of step.
    return new PlotAxis(lo, hi, step, integers);
  }

  private PlotAxis yAxis() {
    if (!Double.isNaN(fixedYMin)) {
      return new PlotAxis(fixedYMin, fixedYMax, PlotAxis.niceStep(fixedYMax - fixedYMin), false);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.y.length; i++) {
        double y = s.y[i];
        if (Double.isFinite(y) && Double.isFinite(s.x[i])) {
          lo = Math.min(lo, y);
          hi = Math.max(hi, y);
        }
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    }
    if (lo == hi) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    double step = PlotAxis.niceStep(hi - lo);
    return new PlotAxis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step, false);
  }

  private static double px(Rectangle area, PlotAxis x, double v) {
    return area.x + x.fraction(v) * area.width;
  }

  private static double py(Rectangle area, PlotAxis y, double v) {
    return area.y + area.height - y.fraction(v) * area.height;
  }

  private void drawGridAndTicks(Graphics2D g, Rectangle area, PlotAxis xAxis, PlotAxis yAxis) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));
    for (double v : yAxis.ticks()) {
      int y = (int) Math.round(py(area, yAxis, v));
      g.setColor(GRID);
      g.drawLine(area.x, y, area.x + area.width, y);
      g.setColor(AXIS);
      g.drawLine(area.x - 5, y, area.x, y);
      String label = yAxis.label(v);
      g.drawString(label, area.x - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
    for (double v : xAxis.ticks()) {
      int x = (int) Math.round(px(area, xAxis, v));
      g.setColor(GRID);
      g.drawLine(x, area.y, x, area.y + area.height);
      g.setColor(AXIS);
      g.drawLine(x, area.y + area.height, x, area.y + area.height + 5);
      String label = xAxis.label(v);
      g.drawString(label, x - fm.stringWidth(label) / 2, area.y + area.height + 8 + fm.getAscent());
    }
  }

  private void drawSeries(Graphics2D g, Rectangle area, PlotAxis xAxis, PlotAxis yAxis) {
    Graphics2D clip = (Graphics2D) g.create();
    try {
      clip.clip(new Rectangle(area.x - 4, area.y - 4, area.width + 8, area.height + 8));
      clip.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (int k = 0; k < series.size(); k++) {
        Series s = series.get(k);
        clip.setColor(colour(k));
        Path2D.Double path = new Path2D.Double();
        boolean penDown = false;
        int n = s.x.length;
        for (int i = 0; i < n; i++) {
          if (!finite(s, i)) {
            penDown = false;
            continue;
          }
          double x = px(area, xAxis, s.x[i]);
          double y = py(area, yAxis, s.y[i]);
          if (penDown) {
            path.lineTo(x, y);
          } else {
            path.moveTo(x, y);
            penDown = true;
          }
          boolean isolated = (i == 0 || !finite(s, i - 1)) && (i == n - 1 || !finite(s, i + 1));
          if (isolated || n <= 30) {
            double r = isolated ? 4 : 2.5;
            clip.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
          }
        }
        clip.draw(path);
      }
    } finally {
      clip.dispose();
    }
  }

  private static boolean finite(Series s, int i) {
    return Double.isFinite(s.x[i]) && Double.isFinite(s.y[i]);
  }

  private void drawFrameAndLabels(Graphics2D g, Rectangle area) {
    g.setColor(AXIS);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(area.x, area.y, area.width, area.height);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    FontMetrics fm = g.getFontMetrics();
    g.drawString(title, (width - fm.stringWidth(title)) / 2, 12 + fm.getAscent());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    fm = g.getFontMetrics();
    g.drawString(
        xLabel,
        area.x + (area.width - fm.stringWidth(xLabel)) / 2,
        area.y + area.height + 26 + fm.getAscent());
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    // After rotating, (x, y) = (-screenY, screenX).
    g.drawString(
        yLabel, -(area.y + (area.height + fm.stringWidth(yLabel)) / 2), 10 + fm.getAscent());
    g.setTransform(saved);
  }

  private void drawLegend(Graphics2D g, Rectangle area) {
    g.setFont(LEGEND);
    FontMetrics fm = g.getFontMetrics();
    g.setStroke(new BasicStroke(3f));
    List<List<Integer>> rows = legendRows();
    for (int r = 0; r < rows.size(); r++) {
      int total = rows.get(r).stream().mapToInt(k -> legendWidth(fm, series.get(k).name)).sum();
      int x = Math.max(4, area.x + (area.width - total) / 2);
      int y = height - 16 - LEGEND_ROW * (rows.size() - 1 - r);
      for (int k : rows.get(r)) {
        String name = series.get(k).name;
        g.setColor(colour(k));
        g.drawLine(x, y - fm.getAscent() / 2 + 1, x + 22, y - fm.getAscent() / 2 + 1);
        g.setColor(AXIS);
        g.drawString(name, x + 28, y);
        x += legendWidth(fm, name);
      }
    }
  }

  /** Collects title, labels, size, optional fixed y range and series. */
  public static final class Builder {
    private String title = "";
    private String xLabel = "epoch";
    private String yLabel = "";
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;
    private final List<Series> series = new ArrayList<>();

    private Builder() {}

    /** Sets the title drawn above the chart. */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /** Sets the x-axis label (default {@code epoch}). */
    public Builder xLabel(String xLabel) {
      this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
      return this;
    }

    /** Sets the y-axis label. */
    public Builder yLabel(String yLabel) {
      this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
      return this;
    }

    /**
     * Sets the image size.
     *
     * @throws IllegalArgumentException if smaller than 200×150, too small for axes and legend
     */
    public Builder size(int width, int height) {
      if (width < 200 || height < 150) {
        throw new IllegalArgumentException(
            "plot size must be at least 200x150, got " + width + "x" + height);
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /**
     * Fixes the y range instead of fitting it to the data (e.g. 0 to 1 for accuracies); values
     * outside are clipped.
     *
     * @throws IllegalArgumentException unless both are finite and {@code min < max}
     */
    public Builder yRange(double min, double max) {
      if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
        throw new IllegalArgumentException(
            "y range must be finite with min < max, got [" + min + ", " + max + "]");
      }
      this.yMin = min;
      this.yMax = max;
      return this;
    }

    /** Adds a series; see {@link Series}. */
    public Builder series(String name, double[] x, double[] y) {
      series.add(new Series(name, x, y));
      return this;
    }

    /** Builds the plot. */
    public LinePlot build() {
      return new LinePlot(this);
    }
  }
}
