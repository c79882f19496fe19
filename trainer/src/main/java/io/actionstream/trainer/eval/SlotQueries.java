package io.actionstream.trainer.eval;

import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import java.util.ArrayList;
import java.util.List;

/**
 * How an evaluation asks a model for the slots of a clip: all at once (the all-ones mask, one pass,
 * as the thesis evaluates), or each slot alone (its one-hot mask, K passes), which is what a
 * masked-property query asking one property gets from the service. Results of the second are
 * reported under the partition name with {@link #EACH_ALONE_SUFFIX}, e.g. {@code
 * test_comp.per_slot}.
 */
public enum SlotQueries {
  /** One pass with every slot asked. */
  ALL_AT_ONCE,
  /** One pass per slot, asking only that slot. */
  EACH_ALONE;

  /** What {@link #EACH_ALONE} appends to a partition's name. */
  public static final String EACH_ALONE_SUFFIX = ".per_slot";

  /** The masks of the passes, in order; each slot is asked by exactly one of them. */
  public List<SlotMask> masks(PropertySchema schema) {
    int k = schema.slotCount();
    if (this == ALL_AT_ONCE) {
      return List.of(SlotMask.all(k));
    }
    List<SlotMask> masks = new ArrayList<>(k);
    for (int s = 0; s < k; s++) {
      masks.add(SlotMask.only(s, k));
    }
    return masks;
  }

  /** The name results of {@code partition} are reported under. */
  public String partition(String partition) {
    return this == ALL_AT_ONCE ? partition : partition + EACH_ALONE_SUFFIX;
  }

  /** Whether results named {@code partition} were asked each slot alone. */
  public static boolean isEachAlone(String partition) {
    return partition.endsWith(EACH_ALONE_SUFFIX);
  }
}
