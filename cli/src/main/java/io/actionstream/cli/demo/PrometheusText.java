package io.actionstream.cli.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The samples of a Prometheus text exposition (format 0.0.4, what {@code /metrics} serves), with
 * the two questions the demo asks of them: sums of counters by label, and quantiles of a histogram
 * computed from its buckets as PromQL's {@code histogram_quantile} does.
 */
public final class PrometheusText {
  /** One sample line: {@code name{label="value",...} value}. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /**
   * Parses {@code text}; comment lines ({@code # HELP}, {@code # TYPE}) and blank lines are
   * skipped.
   *
   * @throws IllegalArgumentException naming the line if a sample line cannot be read
   */
  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(sample(line.strip()));
      }
    }
    return new PrometheusText(samples);
  }

  private static Sample sample(String line) {
    try {
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      Map<String, String> labels = new LinkedHashMap<>();
      String name;
      int rest;
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        rest = labels(line, brace + 1, labels);
      } else {
        name = line.substring(0, space);
        rest = space;
      }
      String value = line.substring(rest).strip().split("\\s+")[0];
      return new Sample(name, labels, number(value));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Prometheus sample line: " + line, e);
    }
  }

  /** Reads {@code k="v",...}} from {@code i} into {@code labels}; returns the index after '}'. */
  private static int labels(String line, int i, Map<String, String> labels) {
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // after ="
      for (char c = line.charAt(j); c != '"'; c = line.charAt(++j)) {
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return i + 1;
  }

  private static double number(String value) {
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }

  /** Every sample, in the order of the text. */
  public List<Sample> samples() {
    return samples;
  }

  /** The sum of the samples called {@code name} whose labels include {@code match}. */
  public double sum(String name, Map<String, String> match) {
    return matching(name, match).stream().mapToDouble(Sample::value).sum();
  }

  /**
   * The sums of the samples called {@code name} by the value of {@code label}, sorted by that value
   * (samples without the label are left out).
   */
  public Map<String, Double> sumBy(String name, String label) {
    Map<String, Double> sums = new TreeMap<>();
    for (Sample s : matching(name, Map.of())) {
      String key = s.labels().get(label);
      if (key != null) {
        sums.merge(key, s.value(), Double::sum);
      }
    }
    return sums;
  }

  /**
   * The {@code q}-quantile of the histogram {@code name} (its {@code name_bucket} series whose
   * labels include {@code match}, summed by {@code le}), interpolated linearly inside the bucket
   * that holds it, as {@code histogram_quantile} does: an estimate no finer than the buckets. Empty
   * when the histogram has no observations.
   *
   * @throws IllegalArgumentException if {@code q} is not in [0, 1]
   */
  public OptionalDouble quantile(double q, String name, Map<String, String> match) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
    }
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (Sample s : matching(name + "_bucket", match)) {
      buckets.merge(number(s.labels().get("le")), s.value(), Double::sum);
    }
    if (buckets.isEmpty() || buckets.lastEntry().getValue() <= 0) {
      return OptionalDouble.empty();
    }
    double rank = q * buckets.lastEntry().getValue();
    double lower = 0;
    double below = 0;
    for (Map.Entry<Double, Double> b : buckets.entrySet()) {
      double upper = b.getKey();
      double count = b.getValue();
      if (count >= rank && count > below) {
        if (Double.isInfinite(upper)) {
          return OptionalDouble.of(lower);
        }
        return OptionalDouble.of(lower + (upper - lower) * (rank - below) / (count - below));
      }
      lower = upper;
      below = count;
    }
    return OptionalDouble.of(lower);
  }

  private List<Sample> matching(String name, Map<String, String> match) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
        .toList();
  }
}
