package io.actionstream.core.model;

import java.util.Locale;

/**
 * How a server gets a model's answer for several slots ({@code slotPrediction} in the manifest):
 * {@link #JOINT}, one pass with every wanted slot in the mask, or {@link #PER_SLOT}, one pass per
 * wanted slot with only that slot in the mask. The trainer's export writes {@code per_slot} when
 * the run's own evaluation is better asked slot by slot (models trained with mask-conditioned
 * augmentation, docs/results.md).
 */
public enum SlotPrediction {
  /**
   * One pass, the mask asking every wanted slot (the default, and what packages without the field
   * mean).
   */
  JOINT,
  /** One pass per wanted slot, each mask asking that slot alone; batched into one run. */
  PER_SLOT;

  /** The name as written in manifests. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code joint} or {@code per_slot} (any case); null means {@link #JOINT}.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static SlotPrediction parse(String value) {
    if (value == null) {
      return JOINT;
    }
    for (SlotPrediction p : values()) {
      if (p.configName().equals(value.strip().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("must be joint or per_slot, got '" + value + "'");
  }
}
