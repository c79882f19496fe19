package io.actionstream.trainer.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskedAugmenterTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();

  private static LabelledClip clip() {
    byte[] px = new byte[2 * 4 * 4 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7); // differs between frames, colourful
    }
    return new LabelledClip(
        "c1",
        new Clip(2, 4, 4, px, 0, new long[] {0, 1}),
        SCHEMA.parse("small red square slides left"));
  }

  private static SlotMask asking(String... slots) {
    return SCHEMA.maskOf(Arrays.asList(slots));
  }

  private static List<LabelledClip> apply(String rule, SlotMask mask) {
    return new MaskedAugmenter(List.of(AugmentRule.parse(rule)), SCHEMA, 5)
        .apply(List.of(clip()), List.of(mask));
  }

  @Test
  void shouldChangeOnlyClipsWhoseMaskLeavesTheRulesSlotsOut() {
    LabelledClip original = clip();
    LabelledClip asked = apply("colour=hue", asking("colour", "shape")).get(0);
    assertArrayEquals(original.clip().pixels(), asked.clip().pixels(), "colour asked: untouched");
    LabelledClip unasked = apply("colour=hue", asking("shape")).get(0);
    assertFalse(Arrays.equals(original.clip().pixels(), unasked.clip().pixels()));
    assertEquals(original.sentence(), unasked.sentence(), "labels are kept");
    assertEquals(original.id(), unasked.id());
  }

  @Test
  void aRuleOnSeveralSlotsShouldApplyOnlyWhenNoneOfThemIsAsked() {
    byte[] original = clip().clip().pixels();
    byte[] reversed = Augmentation.REVERSE.apply(clip().clip(), null).pixels();
    assertArrayEquals(
        original, apply("action+size=reverse", asking("size")).get(0).clip().pixels());
    assertArrayEquals(
        original, apply("action+size=reverse", asking("action")).get(0).clip().pixels());
    assertArrayEquals(
        reversed, apply("action+size=reverse", asking("colour")).get(0).clip().pixels());
  }

  @Test
  void aRuleWithAProbabilityShouldChangeAboutThatShareOfTheClipsItMayChange() {
    int n = 1000;
    List<LabelledClip> batch = Collections.nCopies(n, clip());
    List<SlotMask> masks = Collections.nCopies(n, asking("shape"));
    byte[] original = clip().clip().pixels();
    int[] changed = new int[2];
    String[] rules = {"colour=hue@0.3", "colour=hue"};
    for (int r = 0; r < rules.length; r++) {
      for (LabelledClip c :
          new MaskedAugmenter(List.of(AugmentRule.parse(rules[r])), SCHEMA, 9)
              .apply(batch, masks)) {
        changed[r] += Arrays.equals(original, c.clip().pixels()) ? 0 : 1;
      }
    }
    // binomial(1000, 0.3): sd 14.5; a hue rotation leaves these pixels as they were far less often
    assertTrue(changed[0] > 230 && changed[0] < 370, changed[0] + " of " + n + " at 0.3");
    assertTrue(changed[1] > 990, changed[1] + " of " + n + " always");
    List<LabelledClip> asked =
        new MaskedAugmenter(List.of(AugmentRule.parse("colour=hue@0.3")), SCHEMA, 9)
            .apply(batch, Collections.nCopies(n, asking("colour")));
    assertTrue(asked.stream().allMatch(c -> Arrays.equals(original, c.clip().pixels())));
  }

  @Test
  void shouldReturnTheSameBatchWithNoRules() {
    List<LabelledClip> batch = List.of(clip());
    assertSame(
        batch, new MaskedAugmenter(List.of(), SCHEMA, 1).apply(batch, List.of(asking("size"))));
    assertTrue(new MaskedAugmenter(List.of(), SCHEMA, 1).isEmpty());
  }

  @Test
  void shouldNameASlotTheDataLacks() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MaskedAugmenter(List.of(AugmentRule.parse("texture=hue")), SCHEMA, 1));
    assertTrue(e.getMessage().contains("texture"), e.getMessage());
    assertTrue(e.getMessage().contains("[size, colour, shape, action]"), e.getMessage());
  }
}
