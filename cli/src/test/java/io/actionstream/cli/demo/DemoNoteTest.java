package io.actionstream.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo's note on the bundled model comes from the manifest's figures, not from prose. */
class DemoNoteTest {
  @Test
  void shouldNameTheWeakestSlotOnlyWhenItIsBelow98Percent() {
    Map<String, Double> weakShape =
        Map.of(
            "test.size_accuracy", 0.998,
            "test.colour_accuracy", 1.0,
            "test.shape_accuracy", 0.851,
            "test.action_accuracy", 0.997);
    assertEquals(Optional.of("shape"), Demo.weakestSlot(weakShape));
    Map<String, Double> strong =
        Map.of(
            "test.size_accuracy", 0.999,
            "test.colour_accuracy", 1.0,
            "test.shape_accuracy", 0.987,
            "test.action_accuracy", 0.995);
    assertEquals(Optional.empty(), Demo.weakestSlot(strong));
    assertEquals(Optional.empty(), Demo.weakestSlot(Map.of()), "a package without figures");
  }
}
