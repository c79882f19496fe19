package io.actionstream.core.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A chart axis: the range it spans and the step between ticks. */
record PlotAxis(double min, double max, double step, boolean integers) {
  double fraction(double v) {
    return (v - min) / (max - min);
  }

  String label(double v) {
    if (integers) {
      return Long.toString(Math.round(v));
    }
    int decimals = (int) Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A step of 1, 2 or 5 times a power of ten giving about five intervals over {@code span}. */
  static double niceStep(double span) {
    double raw = span / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double r = raw / magnitude;
    double nice = r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10;
    return nice * magnitude;
  }

  List<Double> ticks() {
    List<Double> out = new ArrayList<>();
    double first = Math.ceil(min / step - 1e-9) * step;
    for (int i = 0; i < 100; i++) {
      double v = first + i * step;
      if (v > max + step * 1e-9) {
        break;
      }
      out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return out;
  }
}
