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
