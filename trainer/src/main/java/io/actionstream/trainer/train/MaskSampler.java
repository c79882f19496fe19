package io.actionstream.trainer.train;

import io.actionstream.core.schema.SlotMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Draws the masks of the masking approach: one of the {@code 2^K − 1} non-zero masks uniformly at
 * random, for every example or once per batch ({@link MaskScope}). With masking off it always
 * returns the all-ones mask. Deterministic for a seed.
 */
public final class MaskSampler {
  private final int slots;
  private final boolean enabled;
  private final MaskScope scope;
  private final SplittableRandom random;

  /**
   * Creates a sampler.
   *
   * @param slots K
   * @param enabled whether to draw random masks (else all-ones)
   * @param seed random seed
   */
  public MaskSampler(int slots, boolean enabled, long seed) {
    this(slots, enabled, MaskScope.EXAMPLE, seed);
  }

  /**
   * Creates a sampler drawing a mask per example or per batch.
   *
   * @param slots K
   * @param enabled whether to draw random masks (else all-ones)
   * @param scope per example or per batch
   * @param seed random seed
   */
  public MaskSampler(int slots, boolean enabled, MaskScope scope, long seed) {
    this.scope = Objects.requireNonNull(scope, "scope");
    if (slots < 1 || slots > 30) {
      throw new IllegalArgumentException("mask slots must be 1..30, got " + slots);
    }
    this.slots = slots;
    this.enabled = enabled;
    this.random = new SplittableRandom(seed);
  }

  /** The masks of one batch: one per example (all equal with {@link MaskScope#BATCH}). */
  public List<SlotMask> next(int batchSize) {
    List<SlotMask> masks = new ArrayList<>(batchSize);
    SlotMask shared = !enabled ? SlotMask.all(slots) : scope == MaskScope.BATCH ? draw() : null;
    for (int b = 0; b < batchSize; b++) {
      masks.add(shared != null ? shared : draw());
    }
    return masks;
  }

  private SlotMask draw() {
    int bits = 1 + random.nextInt((1 << slots) - 1);
    boolean[] mask = new boolean[slots];
    for (int k = 0; k < slots; k++) {
      mask[k] = (bits >> k & 1) == 1;
    }
    return new SlotMask(mask);
  }
}
