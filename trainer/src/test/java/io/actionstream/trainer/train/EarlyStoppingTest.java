package io.actionstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
  @Test
  void shouldStopAfterPatienceEpochsWithoutImprovement() {
    EarlyStopping s = EarlyStopping.fresh().after(1, 2.0, 2);
    assertTrue(s.isBest(1));
    s = s.after(2, 1.5, 2);
    assertTrue(s.isBest(2));
    s = s.after(3, 1.6, 2);
    assertFalse(s.shouldStop());
    s = s.after(4, 1.5, 2);
    assertTrue(s.shouldStop(), "equal is not better");
    assertEquals(2, s.bestEpoch());
  }

  @Test
  void nonFiniteLossShouldNeverCountAsImprovement() {
    EarlyStopping s = EarlyStopping.fresh().after(1, Double.NaN, 0);
    assertEquals(0, s.bestEpoch());
    s = s.after(2, 3.0, 0).after(3, Double.NaN, 0).after(4, Double.POSITIVE_INFINITY, 0);
    assertEquals(2, s.bestEpoch());
    assertFalse(s.shouldStop(), "patience 0 never stops");
  }
}
