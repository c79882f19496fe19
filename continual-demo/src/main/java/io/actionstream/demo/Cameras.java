package io.actionstream.demo;

import io.actionstream.cli.produce.SourceFrame;
import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.Sentence;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Synthetic cameras that show only given clips (the combinations a model never saw), one after
 * another, round and round: camera {@code c} shows clips {@code c, c + n, c + 2n, ...}, clip {@code
 * k} of a camera at frames {@code k*T .. k*T+T-1}. Remembers what each clip truly shows.
 */
final class Cameras {
  private final List<String> ids;
  private final List<LabelledClip> clips;
  private final int frames;
  private final Map<String, Sentence> truth = new HashMap<>();

  Cameras(int cameras, List<LabelledClip> clips) {
    this.ids = IntStream.rangeClosed(1, cameras).mapToObj(i -> "cam-" + i).toList();
    this.clips = List.copyOf(clips);
    this.frames = clips.get(0).clip().frames();
  }

  /** Frames per clip. */
  int frames() {
    return frames;
  }

  /** The camera ids. */
  List<String> ids() {
    return ids;
  }

  /** What clip {@code stream@firstFrame} truly shows, once it was sent. */
  synchronized Sentence truth(String stream, long firstFrame) {
    return truth.get(stream + "@" + firstFrame);
  }

  /**
   * Which of the given clips {@code stream@firstFrame} shows (its index in the list): the same
   * content comes round again on every camera.
   */
  int content(String stream, long firstFrame) {
    int camera = ids.indexOf(stream);
    if (camera < 0 || firstFrame % frames != 0) {
      return -1;
    }
    long k = firstFrame / frames;
    return (int) ((k * ids.size() + camera) % clips.size());
  }

  /** Every camera's frames, clip by clip, {@code rounds} clips per camera. */
  Stream<SourceFrame> frames(int rounds) {
    return IntStream.range(0, rounds)
        .boxed()
        .flatMap(
            k ->
                IntStream.range(0, frames)
                    .boxed()
                    .flatMap(f -> IntStream.range(0, ids.size()).mapToObj(c -> frame(c, k, f))));
  }

  private SourceFrame frame(int camera, int k, int f) {
    LabelledClip shown = clips.get(content(ids.get(camera), (long) k * frames));
    Clip clip = shown.clip();
    long first = (long) k * frames;
    if (f == 0) {
      synchronized (this) {
        truth.put(ids.get(camera) + "@" + first, shown.sentence());
      }
    }
    return new SourceFrame(ids.get(camera), first + f, clip.width(), clip.height(), clip.frame(f));
  }
}
