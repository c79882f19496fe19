package io.actionstream.core.cli;

import io.actionstream.core.dataset.DatasetManifest;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.dataset.SplitDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a manifest's splits × partitions counts as a plain-text table. */
final class SplitTable {
  private SplitTable() {}

  /**
   * One row per split: its clips in each partition and its number of held-out pairs, e.g.
   *
   * <pre>
   * split                     train    val   test  test_comp  held-out pairs
   * iid                        1398    305    297          0               0
   * </pre>
   */
  static String render(DatasetManifest manifest) {
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("split"));
    for (Partition p : Partition.values()) {
      header.add(p.csvName());
    }
    header.add("held-out pairs");
    rows.add(header.toArray(String[]::new));
    for (SplitDefinition split : manifest.splits()) {
      Map<Partition, Long> counts = manifest.partitionCounts().getOrDefault(split.name(), Map.of());
      List<String> row = new ArrayList<>(List.of(split.name()));
      for (Partition p : Partition.values()) {
        row.add(String.valueOf(counts.getOrDefault(p, 0L)));
      }
      row.add(String.valueOf(split.heldOutCount()));
      rows.add(row.toArray(String[]::new));
    }
    return format(rows);
  }

  /** Left-aligns the first column and right-aligns the others, two spaces apart. */
  static String format(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String pad = " ".repeat(width[c] - row[c].length());
        line.append(c == 0 ? row[c] + pad : "  " + pad + row[c]);
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return out.toString();
  }

  /** {@code bytes} in SI units: {@code 512 B}, {@code 393.6 MB}. */
  static String bytes(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
