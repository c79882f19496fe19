package io.actionstream.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.schema.Slot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentenceSamplingTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();

  @Test
  void shouldProduceEveryCombinationRoughlyUniformly() {
    ActionClipGenerator generator = new ActionClipGenerator(GeneratorConfig.defaults());
    int combinations = (int) SCHEMA.combinationCount();
    int perCombination = 100;
    Map<Sentence, Integer> counts = new HashMap<>();
    for (long i = 0; i < (long) combinations * perCombination; i++) {
      counts.merge(generator.sampleSentence(i), 1, Integer::sum);
    }
    assertEquals(combinations, counts.size(), "every combination appears");
    for (Map.Entry<Sentence, Integer> e : counts.entrySet()) {
      // Binomial sd is ~10 at a mean of 100: 50..150 is a 5-sigma band.
      assertTrue(e.getValue() >= 50 && e.getValue() <= 150, e.getKey() + ": " + e.getValue());
    }
  }

  @Test
  void shouldDecodeCombinationNumbersInMixedRadixLastSlotFastest() {
    assertEquals(
        SCHEMA.sentence("small", "red", "square", "slides left"),
        ActionClipGenerator.sentenceOfCombination(SCHEMA, 0));
    assertEquals(
        SCHEMA.sentence("small", "red", "square", "slides right"),
        ActionClipGenerator.sentenceOfCombination(SCHEMA, 1));
    assertEquals(
        SCHEMA.sentence("large", "cyan", "star", "shrinks"),
        ActionClipGenerator.sentenceOfCombination(SCHEMA, SCHEMA.combinationCount() - 1));
    assertThrows(
        SchemaException.class,
        () -> ActionClipGenerator.sentenceOfCombination(SCHEMA, SCHEMA.combinationCount()));
  }

  @Test
  void shouldAgreeBetweenStaticAndInstanceSampling() {
    ActionClipGenerator generator =
        new ActionClipGenerator(GeneratorConfig.builder().seed(9).build());
    for (long i = 0; i < 50; i++) {
      assertEquals(ActionClipGenerator.sampleSentence(SCHEMA, 9, i), generator.sampleSentence(i));
      assertEquals(
          ActionClipGenerator.sentenceOfCombination(
              SCHEMA, ActionClipGenerator.combinationIndex(SCHEMA, 9, i)),
          generator.sampleSentence(i));
    }
  }

  @Test
  void shouldRefuseSchemaWithWordItCannotRender() {
    List<Slot> slots = new ArrayList<>(SCHEMA.slots());
    slots.set(1, new Slot("colour", List.of("red", "orange")));
    SchemaException e =
        assertThrows(
            SchemaException.class,
            () -> new ActionClipGenerator(GeneratorConfig.defaults(), new PropertySchema(slots)));
    assertTrue(e.getMessage().contains("colour word 'orange'"), e.getMessage());
  }

  @Test
  void shouldRefuseSchemaWithoutActionSlot() {
    PropertySchema noAction = new PropertySchema(SCHEMA.slots().subList(0, 3));
    SchemaException e =
        assertThrows(
            SchemaException.class,
            () -> new ActionClipGenerator(GeneratorConfig.defaults(), noAction));
    assertTrue(e.getMessage().contains("[size, colour, shape, action]"), e.getMessage());
  }

  @Test
  void shouldAcceptSubsetSchemaAndSentencesOnlyFromIt() {
    PropertySchema subset =
        new PropertySchema(
            List.of(
                new Slot("action", List.of("jumps", "grows")),
                new Slot("shape", List.of("star", "circle")),
                new Slot("colour", List.of("blue", "red")),
                new Slot("size", List.of("large", "small"))));
    ActionClipGenerator generator = new ActionClipGenerator(GeneratorConfig.defaults(), subset);
    assertEquals(
        "jumps star red small",
        generator.generate(0, subset.parse("jumps star red small")).sentence().text());
    assertThrows(
        SchemaException.class,
        () -> generator.generate(0, SCHEMA.sentence("small", "red", "star", "jumps")));
  }
}
