package io.actionstream.cli.produce;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Synthetic camera streams: stream {@code s} (named {@code prefix-1 .. prefix-N}) shows the
 * generated clips {@code s*clipsPerStream .. s*clipsPerStream+clipsPerStream-1} one after the
 * other, so clip {@code k} of a stream holds its frames {@code k*T .. k*T+T-1}. Frames are sent
 * interleaved (frame i of every stream, then frame i+1), the way concurrent cameras arrive. The
 * true sentence of every clip is known in advance ({@link #clips()}), without rendering.
 */
public final class SyntheticSource implements FrameSource {
  private final GeneratorConfig config;
  private final List<String> streamIds;
  private final int clipsPerStream;
  private final List<SyntheticClip> clips;
  private final FrameSize camera; // null: frames as generated

  /**
   * One generated clip of a stream and what it shows.
   *
   * @param streamId its stream
   * @param firstFrame index of its first frame in the stream
   * @param lastFrame index of its last frame
   * @param sentence the true sentence
   */
  public record SyntheticClip(
      String streamId, long firstFrame, long lastFrame, Sentence sentence) {}

  /**
   * Streams {@code prefix-1..prefix-streams} of {@code clipsPerStream} clips each.
   *
   * @throws IllegalArgumentException if {@code streams} or {@code clipsPerStream} is below 1
   */
  public SyntheticSource(String prefix, int streams, int clipsPerStream, GeneratorConfig config) {
    if (streams < 1 || clipsPerStream < 1) {
      throw new IllegalArgumentException(
          "streams and clips per stream must be >= 1, got " + streams + " and " + clipsPerStream);
    }
    this.config = config;
    this.clipsPerStream = clipsPerStream;
    this.streamIds = IntStream.rangeClosed(1, streams).mapToObj(i -> prefix + "-" + i).toList();
    int t = config.frames();
    List<SyntheticClip> plan = new ArrayList<>();
    for (int k = 0; k < clipsPerStream; k++) {
      for (int s = 0; s < streams; s++) {
        Sentence truth =
            ActionClipGenerator.sampleSentence(
                PropertySchema.defaultSchema(), config.seed(), clipIndex(s, k));
        plan.add(new SyntheticClip(streamIds.get(s), (long) k * t, (long) k * t + t - 1, truth));
      }
    }
    this.clips = List.copyOf(plan);
    this.camera = null;
  }

  private SyntheticSource(SyntheticSource scenes, FrameSize camera) {
    this.config = scenes.config;
    this.clipsPerStream = scenes.clipsPerStream;
    this.streamIds = scenes.streamIds;
    this.clips = scenes.clips;
    this.camera = camera;
  }

  /**
   * The same streams as cameras of {@code camera} size film them ({@link CameraView}): same clips,
   * same truths, camera-sized frames.
   */
  public SyntheticSource filmedAt(FrameSize camera) {
    return new SyntheticSource(this, camera);
  }

  /** The stream ids, {@code prefix-1..prefix-N}. */
  public List<String> streamIds() {
    return streamIds;
  }

  /** Every clip in sending order (clip 0 of every stream, then clip 1, ...). */
  public List<SyntheticClip> clips() {
    return clips;
  }

  /** The generator settings (T, H, W, seed, noise). */
  public GeneratorConfig config() {
    return config;
  }

  @Override
  public Stream<SourceFrame> frames() {
    Stream<SourceFrame> scenes = scenes();
    return camera == null
        ? scenes
        : scenes.map(f -> CameraView.film(f, camera.width(), camera.height()));
  }

  private Stream<SourceFrame> scenes() {
    ActionClipGenerator generator = new ActionClipGenerator(config);
    int t = config.frames();
    return IntStream.range(0, clipsPerStream)
        .boxed()
        .flatMap(
            k -> {
              Clip[] rendered = new Clip[streamIds.size()];
              for (int s = 0; s < rendered.length; s++) {
                rendered[s] = generator.generate(clipIndex(s, k)).clip();
              }
              return IntStream.range(0, t)
                  .boxed()
                  .flatMap(
                      f ->
                          IntStream.range(0, rendered.length)
                              .mapToObj(s -> frame(s, (long) k * t + f, rendered[s], f)));
            });
  }

  @Override
  public String describe() {
    return String.format(
        "%d synthetic streams (%s) of %d clips of %dx%dx%d (TxHxW), seed %d"
            + (camera == null ? "" : ", filmed at " + camera),
        streamIds.size(),
        streamIds.size() <= 3 ? String.join(", ", streamIds) : streamIds.get(0) + " ...",
        clipsPerStream,
        config.frames(),
        config.height(),
        config.width(),
        config.seed());
  }

  private SourceFrame frame(int stream, long index, Clip clip, int t) {
    int offset = clip.frameOffset(t);
    byte[] rgb = Arrays.copyOfRange(clip.pixels(), offset, offset + clip.frameBytes());
    return new SourceFrame(streamIds.get(stream), index, clip.width(), clip.height(), rgb);
  }

  private long clipIndex(int stream, int k) {
    return (long) stream * clipsPerStream + k;
  }
}
