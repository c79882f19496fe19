package io.actionstream.cli.bench;

import io.actionstream.core.image.ImageFitter;
import io.actionstream.core.image.ImageIoDecoder;
import io.actionstream.core.image.JpegDecoder;
import io.actionstream.core.image.JpegDecoders;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.streams.predictor.ModelInput;
import io.actionstream.streams.predictor.Predictor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The ingest benchmark: for camera-sized JPEG frames, frames per second of one core decoding alone
 * (TurboJPEG, javax.imageio, libjpeg-turbo's {@code djpeg}), decoding and fitting to the model, the
 * whole path through a real broker to assembled clips (the model replaced by a constant), and end
 * to end with the model; and how many 15 fps cameras one core serves. Every figure is the median of
 * {@code repeats} measurements taken in this run.
 */
public final class IngestBenchmark {
  /** Frames per second of one camera. */
  public static final double CAMERA_FPS = 15;

  /**
   * What to measure.
   *
   * @param sizes camera resolutions, {width, height}
   * @param clipFrames clip lengths T for the ingest-path scaling (first size only)
   * @param scalingSize the model's H = W in the ingest-path scaling
   * @param streams cameras per broker pass
   * @param framesPerStream frames per camera per broker pass (a multiple of every T)
   * @param policy how frames are fitted to the model
   * @param quality JPEG quality of the frames, 0..1
   * @param repeats measurements per figure (medians)
   * @param decodeMillis CPU time per decode measurement
   */
  public record Settings(
      List<int[]> sizes,
      List<Integer> clipFrames,
      int scalingSize,
      int streams,
      int framesPerStream,
      ResizePolicy policy,
      float quality,
      int repeats,
      long decodeMillis) {}

  /** The figures of one resolution. */
  public record Row(
      int width,
      int height,
      double jpegKilobytes,
      double decodeTurbo,
      double decodeImageIo,
      double djpeg,
      double tjbench,
      double fitTurbo,
      double fitImageIo,
      BrokerIngest.Rate ingest,
      BrokerIngest.Rate endToEnd) {

    /** The whole ingest path per core (instance threads) over decoding the frame alone. */
    double ingestOverDecode() {
      return ingest.perThreadCore() / decodeTurbo;
    }

    /** The whole ingest path per core (instance threads) over decoding and fitting alone. */
    double ingestOverFit() {
      return ingest.perThreadCore() / fitTurbo;
    }

    /** Cameras at {@value #CAMERA_FPS} fps one core serves through the ingest path. */
    double camerasPerCoreIngest() {
      return ingest.perThreadCore() / CAMERA_FPS;
    }

    /** Cameras at {@value #CAMERA_FPS} fps one core serves end to end (process CPU). */
    double camerasPerCoreEndToEnd() {
      return endToEnd.perProcessCore() / CAMERA_FPS;
    }
  }

  /** The ingest path's cost against clip length T, at the first resolution. */
  public record ClipLengthRow(int clipFrames, BrokerIngest.Rate ingest) {}

  private final Settings settings;
  private final Predictor model;

  /** A benchmark of {@code model} (end to end) under {@code settings}. */
  public IngestBenchmark(Settings settings, Predictor model) {
    this.settings = settings;
    this.model = model;
  }

  /** Runs every measurement, printing progress to {@code out}. */
  public Report run(PrintStream out) throws Exception {
    JpegDecoder turbo = JpegDecoders.named("turbojpeg");
    ModelInput input = model.input();
    List<Row> rows = new ArrayList<>();
    List<ClipLengthRow> lengths = new ArrayList<>();
    Path dir = Files.createTempDirectory("actionstream-ingest-");
    try (BenchCluster kafka = BenchCluster.inProcess()) {
      byte[] tiny = CameraFrames.jpeg(8, 8, 1, settings.quality(), 1).get(0);
      for (int[] size : settings.sizes()) {
        int w = size[0];
        int h = size[1];
        List<byte[]> frames = CameraFrames.jpeg(w, h, 60, settings.quality(), w + h);
        double kb = frames.stream().mapToInt(f -> f.length).average().orElse(0) / 1024;
        ImageFitter fitTurbo =
            new ImageFitter(input.width(), input.height(), settings.policy(), turbo);
        ImageFitter fitImageIo =
            new ImageFitter(
                input.width(), input.height(), settings.policy(), ImageIoDecoder.INSTANCE);
        long nanos = settings.decodeMillis() * 1_000_000;
        double decodeTurbo = median(r -> DecodeRates.decode(turbo, frames, w, h, nanos));
        double decodeImageIo =
            median(r -> DecodeRates.decode(ImageIoDecoder.INSTANCE, frames, w, h, nanos));
        double djpeg = median(r -> DecodeRates.djpeg(frames, tiny, dir));
        double tjbench = DecodeRates.tjbench(frames, 5, dir);
        double fitT = median(r -> DecodeRates.fit(fitTurbo, frames, w, h, nanos));
        double fitI = median(r -> DecodeRates.fit(fitImageIo, frames, w, h, nanos));
        out.printf(
            Locale.ROOT,
            "%dx%d: decode turbojpeg %.0f, imageio %.0f, djpeg %.0f; decode+fit %.0f / %.0f"
                + " frames/s/core%n",
            w,
            h,
            decodeTurbo,
            decodeImageIo,
            djpeg,
            fitT,
            fitI);
        BrokerIngest.Rate ingest =
            through(kafka, new ConstantPredictor(model.schema(), input), true, frames, w, h);
        BrokerIngest.Rate endToEnd = through(kafka, model, false, frames, w, h);
        Row row =
            new Row(
                w, h, kb, decodeTurbo, decodeImageIo, djpeg, tjbench, fitT, fitI, ingest, endToEnd);
        out.printf(
            Locale.ROOT,
            "%dx%d: ingest %.0f frames/s (%.0f per core), end to end %.0f frames/s (%.0f per"
                + " core incl. broker)%n",
            w,
            h,
            ingest.perSecond(),
            ingest.perThreadCore(),
            endToEnd.perSecond(),
            endToEnd.perProcessCore());
        rows.add(row);
        if (lengths.isEmpty()) {
          for (int t : settings.clipFrames()) {
            ModelInput longer = new ModelInput(t, settings.scalingSize(), settings.scalingSize());
            BrokerIngest.Rate rate =
                through(kafka, new ConstantPredictor(model.schema(), longer), true, frames, w, h);
            out.printf(
                Locale.ROOT, "T=%d: ingest %.0f frames/s per core%n", t, rate.perThreadCore());
            lengths.add(new ClipLengthRow(t, rate));
          }
        }
      }
    } finally {
      io.actionstream.cli.TempDirs.deleteQuietly(dir);
    }
    return new Report(settings, input, rows, lengths);
  }

  /** The median broker pass of {@code predictor}: to clips ({@code clipsTopic}) or predictions. */
  private BrokerIngest.Rate through(
      BenchCluster kafka,
      Predictor predictor,
      boolean clipsTopic,
      List<byte[]> frames,
      int width,
      int height)
      throws Exception {
    return medianRate(
        r ->
            BrokerIngest.pass(
                kafka,
                predictor,
                clipsTopic,
                settings.policy(),
                frames,
                width,
                height,
                settings.streams(),
                settings.framesPerStream()));
  }

  private interface Measure<T> {
    T run(int repeat) throws Exception;
  }

  private double median(Measure<Double> m) throws Exception {
    List<Double> values = new ArrayList<>();
    for (int r = 0; r < settings.repeats(); r++) {
      values.add(m.run(r));
    }
    return Stats.median(values);
  }

  /**
   * The pass whose per-core figure is the median (its other figures come with it), after one
   * untimed pass that warms the JIT for this path.
   */
  private BrokerIngest.Rate medianRate(Measure<BrokerIngest.Rate> m) throws Exception {
    m.run(-1);
    List<BrokerIngest.Rate> rates = new ArrayList<>();
    for (int r = 0; r < settings.repeats(); r++) {
      rates.add(m.run(r));
    }
    ToDoubleFunction<BrokerIngest.Rate> key = BrokerIngest.Rate::perThreadCore;
    rates.sort((a, b) -> Double.compare(key.applyAsDouble(a), key.applyAsDouble(b)));
    return rates.get(rates.size() / 2);
  }

  /**
   * Everything measured.
   *
   * @param rows one per resolution
   * @param lengths the ingest path against clip length, at the first resolution
   */
  public record Report(
      Settings settings, ModelInput model, List<Row> rows, List<ClipLengthRow> lengths) {

    /** Frames per second of one core at each stage, per resolution, as a bar chart. */
    public io.actionstream.core.plot.BarPlot plot() {
      List<String> sizes = rows.stream().map(r -> r.width() + "x" + r.height()).toList();
      double[][] v = new double[5][rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        v[0][i] = r.decodeImageIo();
        v[1][i] = r.decodeTurbo();
        v[2][i] = r.fitTurbo();
        v[3][i] = r.ingest().perThreadCore();
        v[4][i] = r.endToEnd().perProcessCore();
      }
      return new io.actionstream.core.plot.BarPlot(
          "Frames per second of one core (JPEG q" + settings.quality() + ", medians)",
          sizes,
          List.of(
              "decode, imageio",
              "decode, turbojpeg",
              "decode+fit, turbojpeg",
              "ingest path via broker",
              "end to end with model (incl. broker)"),
          v);
    }

    /** The Markdown tables. */
    public String markdown() {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "JPEG quality %.2f, model %dx%dx%d, %s, %d cameras x %d frames per broker pass,"
                  + " medians of %d%n%n",
              settings.quality(),
              model.frames(),
              model.height(),
              model.width(),
              settings.policy().configName(),
              settings.streams(),
              settings.framesPerStream(),
              settings.repeats()));
      s.append(
          "| frames | JPEG KiB | decode: turbojpeg | imageio | djpeg | tjbench | turbojpeg/djpeg |"
              + " decode+fit: turbojpeg | imageio | ingest path | ingest/decode |"
              + " ingest/(decode+fit) |"
              + " end to end | cameras/core @15 fps: ingest | end to end |\n");
      s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Row r : rows) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %dx%d | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.2f | %.2f"
                    + " | %.0f | %.1f | %.1f |%n",
                r.width(),
                r.height(),
                r.jpegKilobytes(),
                r.decodeTurbo(),
                r.decodeImageIo(),
                r.djpeg(),
                r.tjbench(),
                r.decodeTurbo() / r.djpeg(),
                r.fitTurbo(),
                r.fitImageIo(),
                r.ingest().perThreadCore(),
                r.ingestOverDecode(),
                r.ingestOverFit(),
                r.endToEnd().perProcessCore(),
                r.camerasPerCoreIngest(),
                r.camerasPerCoreEndToEnd()));
      }
      if (!lengths.isEmpty()) {
        s.append(
            String.format(
                Locale.ROOT,
                "%n| clip length T (%dx%d clips) | ingest path, frames/s per core |%n|---:|---:|%n",
                settings.scalingSize(),
                settings.scalingSize()));
        for (ClipLengthRow l : lengths) {
          s.append(
              String.format(
                  Locale.ROOT, "| %d | %.0f |%n", l.clipFrames(), l.ingest().perThreadCore()));
        }
      }
      return s.toString();
    }
  }
}
