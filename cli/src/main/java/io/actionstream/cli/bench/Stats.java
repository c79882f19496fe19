package io.actionstream.cli.bench;

import java.util.Arrays;
import java.util.Collection;

/** Medians and percentiles of measured values. */
final class Stats {
  private Stats() {}

  /** The median (the mean of the two middle values for an even count). */
  static double median(Collection<Double> values) {
    double[] sorted = sorted(values);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The {@code p}-th percentile, 0 < p <= 100, by the nearest-rank method. */
  static double percentile(Collection<Double> values, double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    double[] sorted = sorted(values);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double[] sorted(Collection<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }
}
