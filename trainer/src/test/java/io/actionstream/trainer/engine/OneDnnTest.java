package io.actionstream.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneDnnTest {
  /** Kernel switches made, and a check that fails while oneDNN is on (as on the faulty EPYC). */
  private final List<Boolean> switches = new ArrayList<>();

  private void faultyWhenOn() {
    if (switches.get(switches.size() - 1)) {
      throw new EngineFaultException("conv2d wrong", ": refused");
    }
  }

  @Test
  void autoShouldFallBackToPyTorchsOwnKernelsWhenOneDnnIsWrong() {
    assertFalse(OneDnn.AUTO.select(switches::add, this::faultyWhenOn));
    assertEquals(List.of(true, false), switches);
  }

  @Test
  void autoShouldKeepOneDnnWhereItIsRight() {
    assertTrue(OneDnn.AUTO.select(switches::add, () -> {}));
    assertEquals(List.of(true), switches);
  }

  @Test
  void autoShouldRefuseAnEngineThatIsWrongEitherWay() {
    EngineFaultException fault = new EngineFaultException("matMul wrong", ": refused");
    assertSame(
        fault,
        assertThrows(
            EngineFaultException.class,
            () ->
                OneDnn.AUTO.select(
                    switches::add,
                    () -> {
                      throw fault;
                    })));
    assertEquals(List.of(true, false), switches);
  }

  @Test
  void onShouldRefuseRatherThanFallBack() {
    assertThrows(
        EngineFaultException.class, () -> OneDnn.ON.select(switches::add, this::faultyWhenOn));
    assertEquals(List.of(true), switches);
  }

  @Test
  void offShouldNeverTurnOneDnnOn() {
    assertFalse(OneDnn.OFF.select(switches::add, this::faultyWhenOn));
    assertEquals(List.of(false), switches);
  }

  @Test
  void shouldParseTheModeOrNameThePropertyAndTheChoices() {
    assertEquals(OneDnn.AUTO, OneDnn.parse(null));
    assertEquals(OneDnn.AUTO, OneDnn.parse(" "));
    assertEquals(OneDnn.OFF, OneDnn.parse("Off"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OneDnn.parse("true"));
    assertEquals("actionstream.trainer.onednn must be auto, on or off, got 'true'", e.getMessage());
  }
}
