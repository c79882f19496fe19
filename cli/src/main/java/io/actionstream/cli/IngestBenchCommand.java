package io.actionstream.cli;

import io.actionstream.cli.bench.IngestBenchmark;
import io.actionstream.cli.demo.DemoModel;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.service.predict.OnnxRuntimePredictor;
import io.actionstream.service.predict.PredictorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream ingest-bench}: the ingest benchmark ({@link IngestBenchmark}), camera-sized
 * JPEG frames decoded, fitted and assembled, printed as Markdown and optionally drawn.
 */
@Command(
    name = "ingest-bench",
    mixinStandardHelpOptions = true,
    description =
        "Ingest benchmark: camera-sized JPEG frames per second of one core decoding (TurboJPEG,"
            + " javax.imageio, djpeg), decoding and fitting to the model, through a broker to"
            + " clips, and end to end with the model; cameras per core at 15 fps.")
final class IngestBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "640x480,1280x720",
      description = "Camera resolutions WxH (default ${DEFAULT-VALUE}).")
  List<String> sizes;

  @Option(
      names = "--clip-frames",
      split = ",",
      defaultValue = "8,16,32",
      description =
          "Clip lengths T timed through the ingest path at the first size (default"
              + " ${DEFAULT-VALUE}).")
  List<Integer> clipFrames;

  @Option(
      names = "--scaling-size",
      defaultValue = "128",
      description =
          "The model's H = W while --clip-frames is timed, 8..1024 (default ${DEFAULT-VALUE}).")
  int scalingSize;

  @Option(
      names = "--streams",
      defaultValue = "4",
      description = "Cameras per broker pass, 1..64 (default ${DEFAULT-VALUE}).")
  int streams;

  @Option(
      names = "--frames-per-stream",
      defaultValue = "288",
      description =
          "Frames per camera per broker pass, a multiple of every T and of the model's (default"
              + " ${DEFAULT-VALUE}).")
  int framesPerStream;

  @Option(
      names = "--policy",
      defaultValue = "crop",
      description = "Resize policy: stretch, crop or letterbox (default ${DEFAULT-VALUE}).")
  String policy;

  @Option(
      names = "--quality",
      defaultValue = "0.85",
      description = "JPEG quality of the frames, 0.1..1 (default ${DEFAULT-VALUE}).")
  float quality;

  @Option(
      names = "--repeats",
      defaultValue = "3",
      description =
          "Measurements per figure, reported as medians, 1..20 (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--decode-ms",
      defaultValue = "1000",
      description =
          "CPU milliseconds per decode measurement, 100..60000 (default ${DEFAULT-VALUE}).")
  int decodeMillis;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Model package for the end-to-end figure (default: the bundled demo model).")
  Path model;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the tables here.")
  Path markdown;

  @Option(names = "--plot", paramLabel = "PNG", description = "Also draw the frames/s chart here.")
  Path plot;

  @Override
  public Integer call() throws Exception {
    List<int[]> parsed = new ArrayList<>();
    for (String size : sizes) {
      String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
      try {
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        Usage.requireRange(spec, "--sizes", w, 8, 4096);
        Usage.requireRange(spec, "--sizes", h, 8, 4096);
        parsed.add(new int[] {w, h});
      } catch (RuntimeException e) {
        throw Usage.invalid(spec, "--sizes", "expected WxH such as 640x480, got '" + size + "'");
      }
    }
    Usage.requireRange(spec, "--streams", streams, 1, 64);
    Usage.requireRange(spec, "--scaling-size", scalingSize, 8, 1024);
    Usage.requireRange(spec, "--repeats", repeats, 1, 20);
    Usage.requireRange(spec, "--decode-ms", decodeMillis, 100, 60_000);
    if (!(quality >= 0.1f && quality <= 1f)) {
      throw Usage.invalid(spec, "--quality", "expected 0.1..1, got " + quality);
    }
    ResizePolicy resize;
    try {
      resize = ResizePolicy.parse(policy);
    } catch (IllegalArgumentException e) {
      throw Usage.invalid(spec, "--policy", e.getMessage());
    }
    if (resize == ResizePolicy.NONE) {
      throw Usage.invalid(spec, "--policy", "camera frames need stretch, crop or letterbox");
    }
    Path work = model == null ? Files.createTempDirectory("actionstream-ingest-model-") : null;
    try (OnnxRuntimePredictor predictor =
        OnnxRuntimePredictor.open(
            model == null ? DemoModel.extract(work) : model, PredictorOptions.defaults())) {
      int t = predictor.input().frames();
      for (int length : clipFrames) {
        Usage.requireRange(spec, "--clip-frames", length, 1, 256);
        if (framesPerStream % length != 0 || framesPerStream % t != 0) {
          throw Usage.invalid(
              spec,
              "--frames-per-stream",
              "expected a multiple of every --clip-frames and of the model's T="
                  + t
                  + ", got "
                  + framesPerStream);
        }
      }
      IngestBenchmark.Report report =
          new IngestBenchmark(
                  new IngestBenchmark.Settings(
                      parsed,
                      clipFrames,
                      scalingSize,
                      streams,
                      framesPerStream,
                      resize,
                      quality,
                      repeats,
                      decodeMillis),
                  predictor)
              .run(System.out);
      String tables = report.markdown();
      System.out.println();
      System.out.print(tables);
      if (markdown != null) {
        Files.writeString(markdown, tables);
      }
      if (plot != null) {
        report.plot().writePng(plot);
      }
      return ActionStreamCli.EXIT_OK;
    } finally {
      if (work != null) {
        TempDirs.deleteQuietly(work);
      }
    }
  }
}
