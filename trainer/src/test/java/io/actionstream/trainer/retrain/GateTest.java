package io.actionstream.trainer.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {
  private final Gate gate = new Gate("labels.mean_slot_accuracy", 0.0, 0.02);
  private final Map<String, Double> serving =
      Map.of(
          "labels.mean_slot_accuracy", 0.50,
          "test.sentence_accuracy", 0.80,
          "test_comp.mean_slot_accuracy", 0.40,
          "test_comp.shape_accuracy", 0.40,
          "test.loss", 1.0);

  @Test
  void shouldPassABetterTargetWithNoRegressionBeyondTheTolerance() {
    Gate.Decision d =
        gate.decide(
            serving,
            Map.of(
                "labels.mean_slot_accuracy", 0.70,
                "test.sentence_accuracy", 0.79,
                "test_comp.mean_slot_accuracy", 0.40,
                "test_comp.shape_accuracy", 0.10,
                "test.loss", 9.0));
    assertTrue(d.passed(), d.reasons().toString());
    assertEquals(0.2, d.deltas().get("gate.delta.labels.mean_slot_accuracy"), 1e-9);
    assertEquals(-0.01, d.deltas().get("gate.delta.test.sentence_accuracy"), 1e-9);
    assertFalse(d.deltas().containsKey("gate.delta.test.loss"), "losses are not tracked");
    assertFalse(
        d.deltas().containsKey("gate.delta.test_comp.shape_accuracy"), "per-slot: not tracked");
  }

  @Test
  void shouldRejectATargetThatDoesNotRiseOrAnyRegressionBeyondTheTolerance() {
    Gate.Decision flat =
        gate.decide(
            serving,
            Map.of(
                "labels.mean_slot_accuracy", 0.50,
                "test.sentence_accuracy", 0.80,
                "test_comp.mean_slot_accuracy", 0.40));
    assertFalse(flat.passed());
    assertTrue(flat.reasons().get(0).contains("needs > +0.0000"), flat.reasons().toString());
    Gate.Decision regressed =
        gate.decide(
            serving,
            Map.of(
                "labels.mean_slot_accuracy", 0.90,
                "test.sentence_accuracy", 0.70,
                "test_comp.mean_slot_accuracy", 0.40));
    assertFalse(regressed.passed());
    assertEquals(1, regressed.reasons().size(), regressed.reasons().toString());
    assertTrue(regressed.reasons().get(0).startsWith("test.sentence_accuracy regressed"));
  }

  @Test
  void shouldRefuseATargetThatWasNotMeasured() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Gate("labels.nope", 0, 0).decide(serving, serving));
    assertTrue(e.getMessage().contains("labels.nope was not measured"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Gate("x", -1, 0));
  }
}
