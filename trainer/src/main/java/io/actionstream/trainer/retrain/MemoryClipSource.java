package io.actionstream.trainer.retrain;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.ClipShape;
import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.schema.PropertySchema;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Clips held in memory by partition: the retraining job's mix of new labels and replay. */
final class MemoryClipSource implements ClipSource {
  private final PropertySchema schema;
  private final ClipShape shape;
  private final Map<Partition, List<LabelledClip>> clips = new EnumMap<>(Partition.class);

  MemoryClipSource(
      PropertySchema schema, ClipShape shape, Map<Partition, List<LabelledClip>> parts) {
    this.schema = schema;
    this.shape = shape;
    parts.forEach((p, list) -> clips.put(p, List.copyOf(list)));
  }

  @Override
  public PropertySchema schema() {
    return schema;
  }

  @Override
  public ClipShape clipShape() {
    return shape;
  }

  @Override
  public Stream<LabelledClip> stream(Partition partition) {
    return clips.getOrDefault(partition, List.of()).stream();
  }

  @Override
  public long count(Partition partition) {
    return clips.getOrDefault(partition, List.of()).size();
  }

  @Override
  public Stream<LabelledClip> streamAll() {
    return clips.values().stream().flatMap(List::stream);
  }

  @Override
  public void close() {}
}
