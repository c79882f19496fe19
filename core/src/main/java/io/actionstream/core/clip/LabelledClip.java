package io.actionstream.core.clip;

import io.actionstream.core.schema.Sentence;
import java.util.Objects;

/**
 * A clip with its sentence, as read from a dataset or a labelled-clips topic.
 *
 * @param id a stable identifier within its source (clip index of a synthetic dataset, or the
 *     annotation path of a folder dataset)
 * @param clip the frames
 * @param sentence the label
 */
public record LabelledClip(String id, Clip clip, Sentence sentence) {
  public LabelledClip {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clip, "clip");
    Objects.requireNonNull(sentence, "sentence");
  }
}
