package io.actionstream.core.dataset;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import java.util.stream.Stream;

/**
 * Labelled clips by {@link Partition}, read lazily: what the trainer and evaluator consume, whether
 * the clips come from a generated dataset ({@link DatasetReader}) or from the user's own files
 * ({@link FolderDataset}). Every clip has {@link #clipShape()} and a sentence of {@link #schema()}.
 *
 * <p>Streams hold open files: close them (try-with-resources). They are sequential, read in storage
 * order, and keep only the current clip in memory.
 */
public interface ClipSource extends AutoCloseable {
  /** The schema of the sentences. */
  PropertySchema schema();

  /** The shape of every clip. */
  ClipShape clipShape();

  /** The clips of {@code partition}, in storage order. Close the stream when done. */
  Stream<LabelledClip> stream(Partition partition);

  /**
   * Number of clips in {@code partition}. The default streams the partition; sources that know
   * their counts (a dataset manifest, labels computed without rendering) answer without reading
   * clips.
   */
  default long count(Partition partition) {
    try (Stream<LabelledClip> clips = stream(partition)) {
      return clips.count();
    }
  }

  /** Every clip, in storage order. Close the stream when done. */
  Stream<LabelledClip> streamAll();

  /** Releases what the source holds; streams already open stay usable until closed. */
  @Override
  void close();
}
