package io.actionstream.cli;

import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.cli.produce.FramePublisher;
import io.actionstream.cli.produce.FrameSize;
import io.actionstream.cli.produce.FrameSource;
import io.actionstream.cli.produce.ImageFolderSource;
import io.actionstream.cli.produce.Mp4Source;
import io.actionstream.cli.produce.SourceFrame;
import io.actionstream.cli.produce.SyntheticSource;
import io.actionstream.cli.produce.SyntheticSource.SyntheticClip;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.StreamIds;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream produce}: sends frames (or, with {@code --clips}, whole clips) from an image
 * folder, an MP4 file or synthetic camera streams, at a frame rate, in the wire format.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = "Send frames (or whole clips) from a folder, an MP4 or synthetic streams.")
final class ProduceCommand implements Callable<Integer> {
  /** Highest accepted {@code --fps}. */
  static final double MAX_FPS = 1000;

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  /** Exactly one source. */
  static final class Source {
    @Option(
        names = "--folder",
        paramLabel = "DIR",
        description = "Images (.png/.jpg) of one stream, in file-name order.")
    Path folder;

    @Option(names = "--mp4", paramLabel = "FILE", description = "An MP4 video, one stream.")
    Path mp4;

    @Option(
        names = "--synthetic",
        paramLabel = "N",
        description = "N synthetic camera streams of generated action clips.")
    Integer synthetic;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--topic",
      description = "Topic to write (default: frames, or clips with --clips).")
  String topic;

  @Option(
      names = "--stream-id",
      defaultValue = "cam",
      description =
          "Stream id (record key); synthetic streams are named ID-1..ID-N (default ${DEFAULT-VALUE}).")
  String streamId;

  @Option(
      names = "--fps",
      defaultValue = "8",
      description = "Frames per second per stream, >0 and <= 1000 (default ${DEFAULT-VALUE}).")
  double fps;

  @Option(
      names = "--encoding",
      defaultValue = "raw",
      description = "Frame encoding: raw, png or jpeg (default ${DEFAULT-VALUE}).")
  String encoding;

  @Option(
      names = "--clips",
      description = "Send whole clips of --frames frames (ASCL records) instead of frames.")
  boolean clips;

  @Option(
      names = "--frames",
      defaultValue = "8",
      description =
          "Frames per synthetic clip, and per clip with --clips (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(
      names = "--size",
      paramLabel = "N|WxH",
      description =
          "Frame size: synthetic frames N×N (default 32), or camera-sized WxH frames filming the"
              + " 32×32 scene (centred; the service's frames.resize=crop takes it back); folder and"
              + " MP4 frames are resized to it.")
  String size;

  @Option(
      names = "--clips-per-stream",
      defaultValue = "4",
      description = "Clips per synthetic stream (default ${DEFAULT-VALUE}).")
  int clipsPerStream;

  @Option(
      names = "--seed",
      defaultValue = "2026",
      description = "Seed of the synthetic clips (default ${DEFAULT-VALUE}).")
  long seed;

  /** Side of the synthetic scene filmed by a camera-sized {@code --size}. */
  static final int SCENE_SIDE = 32;

  @Override
  public Integer call() throws Exception {
    FrameEncoding frameEncoding = parseEncoding();
    checkOptions();
    FrameSource frameSource = openSource();
    String target = topic != null ? topic : clips ? "clips" : "frames";
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "sending %s to topic %s on %s as %s %s at %s fps per stream%n",
        frameSource.describe(),
        target,
        kafka.bootstrapServers,
        frameEncoding.wireName(),
        clips ? "clips of " + frames + " frames" : "frames",
        fps);
    out.flush();
    Map<String, SyntheticClip> truths = new HashMap<>();
    if (frameSource instanceof SyntheticSource synthetic) {
      for (SyntheticClip c : synthetic.clips()) {
        truths.put(c.streamId() + "@" + c.firstFrame(), c);
      }
    }
    FramePublisher.Result result;
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers);
        Stream<SourceFrame> stream = frameSource.frames()) {
      FramePublisher publisher =
          new FramePublisher(producer, target, frameEncoding, fps, clips ? frames : 0);
      result =
          publisher.publish(
              stream,
              (f, ms) -> {
                SyntheticClip c = truths.get(f.streamId() + "@" + f.index());
                if (c != null) {
                  out.printf(
                      "%s frames %d..%d  true: %s%n",
                      c.streamId(), c.firstFrame(), c.lastFrame(), c.sentence().text());
                  out.flush();
                }
              });
    }
    out.printf(
        Locale.ROOT,
        "sent %d %s (%d frames) to %s in %.1f s%n",
        result.records(),
        clips ? "clip records" : "frame records",
        result.frames(),
        target,
        result.seconds());
    if (result.droppedFrames() > 0) {
      out.printf(
          "%d trailing frames did not fill a clip of %d and were not sent%n",
          result.droppedFrames(), frames);
    }
    return ActionStreamCli.EXIT_OK;
  }

  private FrameEncoding parseEncoding() {
    try {
      return FrameEncoding.fromWireName(encoding);
    } catch (RuntimeException e) {
      throw Usage.invalid(spec, "--encoding", "expected raw, png or jpeg, got '" + encoding + "'");
    }
  }

  private void checkOptions() {
    if (!(fps > 0 && fps <= MAX_FPS)) {
      throw Usage.invalid(
          spec, "--fps", "expected a frame rate > 0 and <= " + (int) MAX_FPS + ", got " + fps);
    }
    if (!StreamIds.isValid(streamId)) {
      throw Usage.invalid(
          spec, "--stream-id", "expected 1 to 256 UTF-8 bytes, got '" + streamId + "'");
    }
    if (frames < GeneratorConfig.MIN_FRAMES || frames > GeneratorConfig.MAX_FRAMES) {
      throw Usage.invalid(
          spec,
          "--frames",
          "expected "
              + GeneratorConfig.MIN_FRAMES
              + ".."
              + GeneratorConfig.MAX_FRAMES
              + ", got "
              + frames);
    }
    frameSize();
    if (source.synthetic != null) {
      if (source.synthetic < 1 || source.synthetic > 1000) {
        throw Usage.invalid(
            spec, "--synthetic", "expected 1..1000 streams, got " + source.synthetic);
      }
      if (clipsPerStream < 1) {
        throw Usage.invalid(spec, "--clips-per-stream", "expected >= 1, got " + clipsPerStream);
      }
    }
  }

  /** The parsed {@code --size}, or null. */
  private FrameSize frameSize() {
    try {
      return size == null ? null : FrameSize.parse(size);
    } catch (IllegalArgumentException e) {
      throw Usage.invalid(spec, "--size", e.getMessage());
    }
  }

  private FrameSource openSource() {
    FrameSize frameSize = frameSize();
    try {
      if (source.folder != null) {
        return new ImageFolderSource(source.folder, streamId, frameSize);
      }
      if (source.mp4 != null) {
        return new Mp4Source(source.mp4, streamId, frameSize);
      }
    } catch (IllegalArgumentException e) {
      throw Usage.invalid(spec, source.folder != null ? "--folder" : "--mp4", e.getMessage());
    }
    boolean camera = frameSize != null && !frameSize.square();
    int side = frameSize == null || camera ? SCENE_SIDE : frameSize.width();
    GeneratorConfig config;
    try {
      config = GeneratorConfig.builder().frames(frames).size(side, side).seed(seed).build();
    } catch (IllegalArgumentException e) {
      throw Usage.invalid(spec, "--size", e.getMessage());
    }
    SyntheticSource synthetic =
        new SyntheticSource(streamId, source.synthetic, clipsPerStream, config);
    return camera ? synthetic.filmedAt(frameSize) : synthetic;
  }
}
