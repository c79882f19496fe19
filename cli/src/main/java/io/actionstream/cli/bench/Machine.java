package io.actionstream.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the benchmark reports about the machine and this process, read from {@code /proc}. */
final class Machine {
  private static final Path LOADAVG = Path.of("/proc/loadavg");
  private static final Path STATUS = Path.of("/proc/self/status");

  private Machine() {}

  /**
   * Memory at the end of a run.
   *
   * @param heapUsedMb Java heap in use
   * @param heapCommittedMb Java heap the JVM holds
   * @param heapMaxMb the heap limit
   * @param rssMb resident set size ({@code VmRSS}), {@code null} off Linux
   * @param peakRssMb peak resident set size ({@code VmHWM}), {@code null} off Linux
   */
  record Memory(
      long heapUsedMb, long heapCommittedMb, long heapMaxMb, Long rssMb, Long peakRssMb) {}

  /** The heap and the process's resident memory now. */
  static Memory memory() {
    Runtime rt = Runtime.getRuntime();
    return new Memory(
        (rt.totalMemory() - rt.freeMemory()) >> 20,
        rt.totalMemory() >> 20,
        rt.maxMemory() >> 20,
        statusMb("VmRSS"),
        statusMb("VmHWM"));
  }

  /** The 1, 5 and 15 minute load averages, e.g. {@code 6.77 7.79 5.68}, or {@code n/a}. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(LOADAVG).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** A {@code /proc/self/status} line such as {@code VmRSS: 123456 kB}, in MB. */
  private static Long statusMb(String key) {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      for (String line : lines) {
        if (line.startsWith(key + ":")) {
          String[] f = line.substring(key.length() + 1).trim().split("\\s+");
          return Long.parseLong(f[0]) >> 10;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: reported as unknown
    }
    return null;
  }
}
