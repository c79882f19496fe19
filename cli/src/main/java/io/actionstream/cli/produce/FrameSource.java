package io.actionstream.cli.produce;

import java.util.stream.Stream;

/**
 * Where {@code produce} gets its frames: an image folder, an MP4 file or synthetic streams. Frames
 * come in sending order; within a stream their indices increase by one.
 */
public interface FrameSource {
  /** The frames, read lazily; close the stream to release files. */
  Stream<SourceFrame> frames();

  /** What the source is, for messages (e.g. {@code folder /data/cam1 (120 images)}). */
  String describe();
}
