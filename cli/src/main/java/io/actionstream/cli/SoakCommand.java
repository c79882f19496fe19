package io.actionstream.cli;

import io.actionstream.cli.bench.SoakBenchmark;
import io.actionstream.cli.bench.SoakReport;
import io.actionstream.cli.demo.DemoModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream soak}: the soak benchmark ({@link SoakBenchmark}); writes its report and
 * exits 1 if memory, open files or lag grew without bound or the service died.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description =
        "Soak benchmark: the service in its own JVM, streamed at a share of its measured capacity"
            + " for minutes; samples heap, resident memory, open files, lag and latency; writes"
            + " soak.md, samples.csv and charts; exits 1 if any grows without bound.")
final class SoakCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--minutes",
      defaultValue = "10",
      description = "How long to stream, 1..1440 (default ${DEFAULT-VALUE}).")
  int minutes;

  @Option(
      names = "--load",
      defaultValue = "0.8",
      description = "Share of the measured capacity, 0.1..1.0 (default ${DEFAULT-VALUE}).")
  double load;

  @Option(
      names = "--streams",
      defaultValue = "8",
      description = "Camera streams, 1..1000 (default ${DEFAULT-VALUE}).")
  int streams;

  @Option(
      names = "--sample-seconds",
      defaultValue = "5",
      description = "Seconds between samples, 1..600 (default ${DEFAULT-VALUE}).")
  int sampleSeconds;

  @Option(
      names = "--instances",
      defaultValue = "1",
      description =
          "Service instances of one application, each in its own JVM, 1..8 (default"
              + " ${DEFAULT-VALUE}); figures are summed over them.")
  int instances;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description =
          "Partitions of the topics, 1..64, at least --instances (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--heap",
      defaultValue = "512m",
      description = "The service's -Xmx (default ${DEFAULT-VALUE}).")
  String heap;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Model package directory (default: the bundled demo model).")
  Path model;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A service setting (docs/operations.md), repeatable.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "soak",
      description = "Where the report goes (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Usage.requireRange(spec, "--minutes", minutes, 1, 1440);
    Usage.requireRange(spec, "--streams", streams, 1, 1000);
    Usage.requireRange(spec, "--sample-seconds", sampleSeconds, 1, 600);
    Usage.requireRange(spec, "--instances", instances, 1, 8);
    Usage.requireRange(spec, "--partitions", partitions, instances, 64);
    if (!(load >= 0.1 && load <= 1.0)) {
      throw Usage.invalid(spec, "--load", "expected 0.1..1.0, got " + load);
    }
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("actionstream-soak-");
    try {
      Path pkg = model != null ? model : DemoModel.extract(work);
      PrintWriter w = spec.commandLine().getOut();
      SoakReport report =
          new SoakBenchmark(
                  new SoakBenchmark.Settings(
                      work,
                      pkg,
                      streams,
                      load,
                      Duration.ofMinutes(minutes),
                      Duration.ofSeconds(sampleSeconds),
                      Math.max(200, 40 * streams),
                      heap,
                      instances,
                      partitions,
                      set),
                  w)
              .run();
      report.write(out);
      w.println(report.markdown());
      w.println("report: " + out.resolve(SoakReport.MARKDOWN));
      return report.failures().isEmpty() ? ActionStreamCli.EXIT_OK : 1;
    } finally {
      TempDirs.deleteQuietly(work);
    }
  }
}
