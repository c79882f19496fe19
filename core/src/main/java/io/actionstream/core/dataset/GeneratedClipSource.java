package io.actionstream.core.dataset;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Synthetic clips made on the fly: clip indices {@code 0..count-1} of an {@link
 * ActionClipGenerator}, assigned to partitions by a {@link SplitDefinition} exactly as a dataset
 * written by {@link DatasetWriter} with the same seed would assign them. Labels are computed
 * without rendering, so filtering a partition costs nothing for the clips it skips. Each stream
 * uses its own generator (generators are not thread-safe).
 */
public final class GeneratedClipSource implements ClipSource {
  private final GeneratorConfig config;
  private final PropertySchema schema;
  private final SplitDefinition split;
  private final long count;

  /**
   * Creates a source.
   *
   * @param config generator configuration (its seed decides the clips)
   * @param split how clips are assigned to partitions
   * @param count number of clip indices, at least 1
   */
  public GeneratedClipSource(GeneratorConfig config, SplitDefinition split, long count) {
    if (count < 1) {
      throw new IllegalArgumentException("clip count must be positive, got " + count);
    }
    this.config = config;
    this.schema = new ActionClipGenerator(config).schema();
    split.validate(schema);
    this.split = split;
    this.count = count;
  }

  /** The split deciding partitions. */
  public SplitDefinition split() {
    return split;
  }

  @Override
  public PropertySchema schema() {
    return schema;
  }

  @Override
  public ClipShape clipShape() {
    return new ClipShape(config.frames(), config.height(), config.width());
  }

  @Override
  public Stream<LabelledClip> stream(Partition partition) {
    ActionClipGenerator generator = new ActionClipGenerator(config, schema);
    return LongStream.range(0, count)
        .filter(i -> split.assign(i, generator.sampleSentence(i)) == partition)
        .mapToObj(generator::generate);
  }

  @Override
  public Stream<LabelledClip> streamAll() {
    ActionClipGenerator generator = new ActionClipGenerator(config, schema);
    return LongStream.range(0, count).mapToObj(generator::generate);
  }

  /** Number of clips of {@code partition} (labels only, nothing is rendered). */
  @Override
  public long count(Partition partition) {
    ActionClipGenerator generator = new ActionClipGenerator(config, schema);
    return LongStream.range(0, count)
        .filter(i -> split.assign(i, generator.sampleSentence(i)) == partition)
        .count();
  }

  @Override
  public void close() {}
}
