package io.actionstream.cli;

import io.actionstream.cli.demo.Demo;
import io.actionstream.cli.demo.DemoReport;
import io.actionstream.cli.produce.FrameSize;
import io.actionstream.core.wire.FrameEncoding;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream demo}: the end-to-end demo ({@link Demo}) on a broker and the inference
 * service in this process. Exits with 1 if a clip did not get exactly one prediction or the
 * malformed frame did not reach the dead-letter topic. With {@code --keep-running} the broker and
 * the service stay up until Ctrl-C (a shutdown hook ends the run and waits for the clean stop).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Kafka and the inference service with a small ONNX model in this process: live predictions"
            + " of synthetic camera streams, masked queries, a dead letter and the service's"
            + " metrics.")
final class DemoCommand implements Callable<Integer> {
  private static final long SHUTDOWN_WAIT_SECONDS = 60;

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

  @Option(
      names = "--http-port",
      defaultValue = "0",
      description =
          "Port of the service's /health/* and /metrics, 0..65535; 0 = a free port (default"
              + " ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--size",
      paramLabel = "WxH",
      description =
          "Send camera-sized frames (e.g. 640x480) filming the 32x32 scenes; the service fits them"
              + " back with frames.resize=crop (default: frames of the model's size).")
  String size;

  @Option(
      names = "--encoding",
      defaultValue = "raw",
      description = "Frame encoding: raw, png or jpeg (default ${DEFAULT-VALUE}).")
  String encoding;

  @Option(
      names = "--keep-running",
      description =
          "After the scripted part, leave the broker and the service running until Ctrl-C (to"
              + " curl the endpoints or use produce, watch and query).")
  boolean keepRunning;

  /** Counted down to end a {@code --keep-running} demo without a signal (tests). */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    Usage.requireRange(spec, "--streams", streams, 1, 20);
    Usage.requireRange(spec, "--clips-per-stream", clipsPerStream, 1, 100);
    Usage.requireRange(spec, "--partitions", partitions, 1, 16);
    Usage.requireRange(spec, "--http-port", httpPort, 0, 65535);
    if (!(fps > 0 && fps <= ProduceCommand.MAX_FPS)) {
      throw Usage.invalid(spec, "--fps", "expected a frame rate > 0 and <= 1000, got " + fps);
    }
    FrameSize camera;
    try {
      camera = size == null ? null : FrameSize.parse(size);
    } catch (IllegalArgumentException e) {
      throw Usage.invalid(spec, "--size", e.getMessage());
    }
    FrameEncoding frameEncoding;
    try {
      frameEncoding = FrameEncoding.fromWireName(encoding);
    } catch (RuntimeException e) {
      throw Usage.invalid(spec, "--encoding", "expected raw, png or jpeg, got '" + encoding + "'");
    }
    Demo demo =
        new Demo(
            new Demo.Settings(
                streams,
                clipsPerStream,
                fps,
                partitions,
                seed,
                httpPort,
                keepRunning,
                camera,
                frameEncoding),
            spec.commandLine().getOut(),
            stop);
    DemoReport report = keepRunning ? runUntilStopped(demo) : demo.run();
    if (!report.onePredictionPerClip() || report.deadLetters().isEmpty()) {
      throw new IllegalStateException(
          "the demo did not see one prediction per clip and the dead letter (see above)");
    }
    return ActionStreamCli.EXIT_OK;
  }

  /** Runs {@code demo} with a shutdown hook that ends it on Ctrl-C and waits for its clean stop. */
  private DemoReport runUntilStopped(Demo demo) throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "actionstream-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return demo.run();
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and returns now that the demo has stopped
      }
    }
  }
}
