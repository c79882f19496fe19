package io.actionstream.trainer.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentRuleTest {
  @Test
  void shouldParseOneOrSeveralSlotsAndWriteTheEntryBack() {
    AugmentRule rule = AugmentRule.parse(" action + size = reverse ");
    assertEquals(List.of("action", "size"), rule.slots());
    assertEquals(Augmentation.REVERSE, rule.augmentation());
    assertEquals("action+size=reverse", rule.toString());
    assertEquals("colour=hue", AugmentRule.parse("colour=HUE").toString());
    assertEquals(1.0, rule.probability());
  }

  @Test
  void shouldParseAProbabilityAndWriteItBackOnlyBelowOne() {
    AugmentRule half = AugmentRule.parse("colour=hue@0.5");
    assertEquals(0.5, half.probability());
    assertFalse(half.always());
    assertEquals("colour=hue@0.5", half.toString());
    assertEquals("colour=hue", AugmentRule.parse("colour=hue@1").toString());
    for (String bad : List.of("colour=hue@0", "colour=hue@1.5", "colour=hue@x", "colour=hue@")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> AugmentRule.parse(bad), bad);
      assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
    }
    assertFalse(AugmentRule.isValid("colour=hue@0.5@0.5"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AugmentRule(List.of("colour"), Augmentation.HUE, -0.1));
  }

  @Test
  void shouldRefuseMalformedEntriesSayingWhatIsExpected() {
    for (String bad : List.of("colour", "=hue", "colour=hue=x", "colour+=hue", "colour=blur")) {
      assertFalse(AugmentRule.isValid(bad), bad);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AugmentRule.parse("colour"));
    assertTrue(e.getMessage().contains("slot[+slot...]=augmentation"), e.getMessage());
  }
}
