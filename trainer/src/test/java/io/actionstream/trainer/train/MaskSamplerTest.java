package io.actionstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.schema.SlotMask;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskSamplerTest {
  @Test
  void shouldDrawOneMaskPerExampleByDefault() {
    MaskSampler sampler = new MaskSampler(4, true, 3);
    List<SlotMask> masks = sampler.next(64);
    assertEquals(64, masks.size());
    assertTrue(new HashSet<>(masks).size() > 1, "per-example masks differ within a batch");
    masks.forEach(m -> assertTrue(m.count() > 0, "never the empty mask: " + m));
  }

  @Test
  void shouldShareOneMaskPerBatchWithBatchScopeAndVaryItAcrossBatches() {
    MaskSampler sampler = new MaskSampler(4, true, MaskScope.BATCH, 3);
    Set<SlotMask> perBatch = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      List<SlotMask> masks = sampler.next(16);
      assertEquals(1, new HashSet<>(masks).size(), "one mask for the whole batch");
      perBatch.add(masks.get(0));
    }
    assertTrue(perBatch.size() > 1, "batches get different masks");
  }

  @Test
  void shouldGiveAllOnesWithMaskingOffWhateverTheScope() {
    for (MaskScope scope : MaskScope.values()) {
      List<SlotMask> masks = new MaskSampler(4, false, scope, 3).next(8);
      masks.forEach(m -> assertEquals(SlotMask.all(4), m));
    }
  }

  @Test
  void shouldParseScopeAndNameTheKeyOnError() {
    assertEquals(MaskScope.BATCH, MaskScope.parse("Batch"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MaskScope.parse("epoch"));
    assertTrue(e.getMessage().contains("training.mask_scope"), e.getMessage());
  }
}
