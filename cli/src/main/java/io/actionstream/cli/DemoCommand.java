package io.actionstream.cli;

import io.actionstream.cli.demo.Demo;
import io.actionstream.cli.demo.DemoReport;
import io.actionstream.cli.demo.TopologyProcessing;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream demo}: the end-to-end demo ({@link Demo}) on a broker in this process. Exits
 * with 1 if a clip did not get exactly one prediction or the malformed frame did not reach the
 * dead-letter topic.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Kafka, the topology and a small ONNX model in this process: live predictions of synthetic"
            + " camera streams, masked queries and a dead letter.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--streams",
      defaultValue = "3",
      description = "Synthetic camera streams, 1..20 (default ${DEFAULT-VALUE}).")
  int streams;

  @Option(
      names = "--clips-per-stream",
      defaultValue = "5",
      description = "Clips of 8 frames per stream, 1..100 (default ${DEFAULT-VALUE}).")
  int clipsPerStream;

  @Option(
      names = "--fps",
      defaultValue = "8",
      description = "Frames per second per stream, >0 and <= 1000 (default ${DEFAULT-VALUE}).")
  double fps;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of each topic, 1..16 (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--seed",
      defaultValue = "2026",
      description = "Seed of the synthetic clips (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    Usage.requireRange(spec, "--streams", streams, 1, 20);
    Usage.requireRange(spec, "--clips-per-stream", clipsPerStream, 1, 100);
    Usage.requireRange(spec, "--partitions", partitions, 1, 16);
    if (!(fps > 0 && fps <= ProduceCommand.MAX_FPS)) {
      throw Usage.invalid(spec, "--fps", "expected a frame rate > 0 and <= 1000, got " + fps);
    }
    DemoReport report =
        new Demo(
                new Demo.Settings(streams, clipsPerStream, fps, partitions, seed),
                new TopologyProcessing(),
                spec.commandLine().getOut())
            .run();
    if (!report.onePredictionPerClip() || report.deadLetters().isEmpty()) {
      throw new IllegalStateException(
          "the demo did not see one prediction per clip and the dead letter (see above)");
    }
    return ActionStreamCli.EXIT_OK;
  }
}
