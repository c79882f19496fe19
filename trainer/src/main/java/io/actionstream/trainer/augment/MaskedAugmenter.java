package io.actionstream.trainer.augment;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mask-conditioned augmentation: for each example, every {@link AugmentRule} whose slots the
 * example's mask leaves out is applied to its clip (with the rule's probability), so the properties
 * the loss does not score vary freely and the asked slots cannot lean on them. Labels are kept (the
 * changed slots are not scored). Rules apply in their configured order. Deterministic for a seed
 * and call order.
 */
public final class MaskedAugmenter {
  private final List<AugmentRule> rules;
  private final int[][] slotIndices;
  private final SplittableRandom random;

  /**
   * Binds {@code rules} to {@code schema}.
   *
   * @throws IllegalArgumentException naming a rule's slot that the schema lacks
   */
  public MaskedAugmenter(List<AugmentRule> rules, PropertySchema schema, long seed) {
    this.rules = List.copyOf(rules);
    this.slotIndices = new int[rules.size()][];
    for (int r = 0; r < rules.size(); r++) {
      List<String> slots = rules.get(r).slots();
      slotIndices[r] = new int[slots.size()];
      for (int i = 0; i < slots.size(); i++) {
        if (!schema.slotNames().contains(slots.get(i))) {
          throw new IllegalArgumentException(
              "training.augment: "
                  + rules.get(r)
                  + " names slot '"
                  + slots.get(i)
                  + "', the data's slots are "
                  + schema.slotNames());
        }
        slotIndices[r][i] = schema.slotIndex(slots.get(i));
      }
    }
    this.random = new SplittableRandom(seed);
  }

  /** Whether there is anything to apply. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * The clips with every rule applied whose slots their mask does not ask.
   *
   * @param clips a batch
   * @param masks one mask per clip
   */
  public List<LabelledClip> apply(List<LabelledClip> clips, List<SlotMask> masks) {
    if (rules.isEmpty()) {
      return clips;
    }
    List<LabelledClip> out = new ArrayList<>(clips.size());
    for (int i = 0; i < clips.size(); i++) {
      LabelledClip labelled = clips.get(i);
      Clip clip = labelled.clip();
      for (int r = 0; r < rules.size(); r++) {
        AugmentRule rule = rules.get(r);
        // no draw for a rule that always applies, so such configs keep their random stream
        if (asksNone(masks.get(i), slotIndices[r])
            && (rule.always() || random.nextDouble() < rule.probability())) {
          clip = rule.augmentation().apply(clip, random);
        }
      }
      out.add(
          clip == labelled.clip()
              ? labelled
              : new LabelledClip(labelled.id(), clip, labelled.sentence()));
    }
    return out;
  }

  private static boolean asksNone(SlotMask mask, int[] slots) {
    for (int s : slots) {
      if (mask.isSet(s)) {
        return false;
      }
    }
    return true;
  }
}
