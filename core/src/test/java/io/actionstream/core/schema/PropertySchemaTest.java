package io.actionstream.core.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PropertySchemaTest {
  private final PropertySchema schema = PropertySchema.defaultSchema();

  @Test
  void defaultSchemaHasTheDocumentedSlotsAndSizes() {
    assertEquals(List.of("size", "colour", "shape", "action"), schema.slotNames());
    assertEquals(List.of(2, 6, 4, 8), schema.slots().stream().map(Slot::size).toList());
    assertEquals(2L * 6 * 4 * 8, schema.combinationCount());
  }

  @Test
  void shouldBuildSentenceTextInSlotOrder() {
    Sentence s = schema.sentence("small", "red", "square", "slides left");
    assertEquals("small red square slides left", s.text());
    assertArrayEquals(new int[] {0, 0, 0, 0}, s.wordIds());
    assertEquals("slides left", s.word("action"));
  }

  @Test
  void shouldParseEverySentenceBackToTheSameWords() {
    for (int size = 0; size < 2; size++) {
      for (int colour = 0; colour < 6; colour++) {
        for (int shape = 0; shape < 4; shape++) {
          for (int action = 0; action < 8; action++) {
            Sentence s = schema.sentenceOf(size, colour, shape, action);
            assertEquals(s, schema.parse(s.text()));
          }
        }
      }
    }
  }

  @Test
  void shouldParseCaseAndWhitespaceInsensitively() {
    assertEquals(
        schema.sentence("large", "cyan", "star", "slides up"),
        schema.parse("  Large  CYAN star\tslides   up "));
  }

  @Test
  void shouldRejectUnknownWordNamingTheSlot() {
    SchemaException e =
        assertThrows(SchemaException.class, () -> schema.parse("small orange square rotates"));
    assertTrue(e.getMessage().contains("colour"), e.getMessage());
    assertTrue(e.getMessage().contains("'orange'"), e.getMessage());
  }

  @Test
  void shouldRejectTooFewAndTooManyWords() {
    SchemaException tooFew =
        assertThrows(SchemaException.class, () -> schema.parse("small red square"));
    assertTrue(tooFew.getMessage().contains("end of sentence"), tooFew.getMessage());
    SchemaException tooMany =
        assertThrows(SchemaException.class, () -> schema.parse("small red square rotates now"));
    assertTrue(tooMany.getMessage().contains("1 token(s) left"), tooMany.getMessage());
    SchemaException wrongCount =
        assertThrows(SchemaException.class, () -> schema.sentence("small", "red", "square"));
    assertTrue(wrongCount.getMessage().contains("expected 4 words"), wrongCount.getMessage());
  }

  @Test
  void shouldRejectHalfOfAMultiTokenWord() {
    assertThrows(SchemaException.class, () -> schema.parse("small red square slides"));
  }

  @Test
  void shouldRejectEmptySentence() {
    assertThrows(SchemaException.class, () -> schema.parse("   "));
  }

  @Test
  void shouldRejectOutOfRangeWordId() {
    SchemaException e = assertThrows(SchemaException.class, () -> schema.sentenceOf(0, 6, 0, 0));
    assertTrue(e.getMessage().contains("colour"), e.getMessage());
  }

  @Test
  void shouldRejectDuplicateSlotsAndWords() {
    Slot a = new Slot("a", List.of("x", "y"));
    assertThrows(SchemaException.class, () -> new PropertySchema(List.of(a, a)));
    assertThrows(SchemaException.class, () -> new Slot("a", List.of("x", "x")));
    assertThrows(SchemaException.class, () -> new Slot("a", List.of("x")));
    assertThrows(SchemaException.class, () -> new Slot("A", List.of("x", "y")));
    assertThrows(SchemaException.class, () -> new Slot("a", List.of("x", "Two  spaces")));
  }

  @Test
  void shouldBuildMasksFromPropertyNames() {
    SlotMask mask = schema.maskOf(List.of("colour", "action"));
    assertEquals("0101", mask.toString());
    assertArrayEquals(new float[] {0, 1, 0, 1}, mask.toFloats());
    assertEquals(2, mask.count());
    assertFalse(mask.isAll());
    assertTrue(schema.allSlots().isAll());
    SchemaException e = assertThrows(SchemaException.class, () -> schema.maskOf(List.of("weight")));
    assertTrue(e.getMessage().contains("unknown property 'weight'"), e.getMessage());
    assertThrows(SchemaException.class, () -> schema.maskOf(List.of()));
  }

  @Test
  void shouldRejectAllZeroAndNonBinaryMasks() {
    assertThrows(SchemaException.class, () -> new SlotMask(new boolean[4]));
    assertThrows(SchemaException.class, () -> SlotMask.fromFloats(new float[] {1, 0.5f, 0, 0}, 4));
    assertThrows(SchemaException.class, () -> SlotMask.fromFloats(new float[] {1, 0, 0}, 4));
    assertEquals("1001", SlotMask.fromFloats(new float[] {1, 0, 0, 1}, 4).toString());
  }

  @Test
  void fingerprintChangesWithVocabulary() {
    PropertySchema other =
        new PropertySchema(List.of(new Slot("size", List.of("small", "large", "huge"))));
    assertEquals("size=small|large|huge", other.fingerprint());
    assertTrue(schema.fingerprint().startsWith("size=small|large;colour=red|"));
  }

  @Test
  void onlyShouldAskExactlyOneSlot() {
    SlotMask shape = SlotMask.only(2, 4);
    assertEquals(1, shape.count());
    assertTrue(shape.isSet(2));
    assertEquals(PropertySchema.defaultSchema().maskOf(java.util.List.of("shape")), shape);
    assertThrows(IndexOutOfBoundsException.class, () -> SlotMask.only(4, 4));
  }
}
