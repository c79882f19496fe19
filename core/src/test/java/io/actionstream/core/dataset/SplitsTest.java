package io.actionstream.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.schema.Slot;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static final int CLIPS = 20_000;

  @Test
  void shouldBuildTheStandardSplitsWithDocumentedCounts() {
    Map<String, Integer> counts = new HashMap<>();
    for (SplitDefinition split : Splits.standard(SCHEMA, 42)) {
      counts.put(split.name(), split.heldOutCount());
    }
    assertEquals(
        Map.of(
            "iid", 0,
            "comp-colour-shape-easy", 6,
            "comp-colour-shape-medium", 12,
            "comp-colour-shape-hard", 18,
            "comp-action-shape-easy", 8,
            "comp-action-shape-medium", 16,
            "comp-action-shape-hard", 24,
            "comp-action-colour-easy", 8,
            "comp-action-colour-medium", 24,
            "comp-action-colour-hard", 40),
        counts);
  }

  @Test
  void shouldHoldOutMoreAtHarderLevels() {
    for (List<String> pair : Splits.STANDARD_PAIRS) {
      int previous = 0;
      for (HoldOutLevel level : HoldOutLevel.values()) {
        int n = Splits.compositional(SCHEMA, pair.get(0), pair.get(1), level, 7).heldOutCount();
        assertTrue(n > previous, pair + " " + level + " holds out " + n + " <= " + previous);
        previous = n;
      }
    }
  }

  @Test
  void shouldOrderSlotsLargerFirstAndKeepEveryWordInTrainingPairs() {
    SplitDefinition split = Splits.compositional(SCHEMA, "shape", "colour", HoldOutLevel.HARD, 3);
    assertEquals(List.of("colour", "shape"), split.slots());
    for (SplitDefinition s : Splits.standard(SCHEMA, 3)) {
      if (s.kind() == SplitDefinition.Kind.IID) {
        continue;
      }
      Slot a = SCHEMA.slot(SCHEMA.slotIndex(s.slots().get(0)));
      Slot b = SCHEMA.slot(SCHEMA.slotIndex(s.slots().get(1)));
      Set<HeldOutPair> held = new HashSet<>(s.heldOut());
      Map<String, Integer> keptPerA = new HashMap<>();
      Map<String, Integer> heldPerB = new HashMap<>();
      Set<String> bInTraining = new HashSet<>();
      for (String wa : a.words()) {
        for (String wb : b.words()) {
          if (held.contains(new HeldOutPair(wa, wb))) {
            heldPerB.merge(wb, 1, Integer::sum);
          } else {
            keptPerA.merge(wa, 1, Integer::sum);
            bInTraining.add(wb);
          }
        }
      }
      int k = s.level().partnersHeldOut(b.size());
      for (String wa : a.words()) {
        assertEquals(b.size() - k, keptPerA.get(wa), s.name() + " kept partners of " + wa);
      }
      assertEquals(Set.copyOf(b.words()), bInTraining, s.name());
      int min = heldPerB.values().stream().mapToInt(Integer::intValue).min().orElse(0);
      int max = heldPerB.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      assertTrue(max - min <= 1, s.name() + " holds out B words unevenly: " + heldPerB);
    }
  }

  @Test
  void shouldAssignPartitionsDeterministicallyAndRespectHeldOutPairs() {
    for (SplitDefinition split : Splits.standard(SCHEMA, 42)) {
      Map<Partition, Integer> n = new EnumMap<>(Partition.class);
      Map<Integer, Set<String>> trainWords = new HashMap<>();
      for (long i = 0; i < CLIPS; i++) {
        Sentence sentence = TestClips.sentence(SCHEMA, i);
        Partition p = split.assign(i, sentence);
        assertEquals(p, split.assign(i, sentence), "assignment must be a pure function");
        n.merge(p, 1, Integer::sum);
        if (p == Partition.TEST_COMP) {
          assertTrue(split.isHeldOut(sentence), split.name() + ": " + sentence);
        } else {
          assertFalse(split.isHeldOut(sentence), split.name() + " " + p + ": " + sentence);
        }
        if (p == Partition.TRAIN) {
          for (int s = 0; s < SCHEMA.slotCount(); s++) {
            trainWords.computeIfAbsent(s, x -> new HashSet<>()).add(sentence.word(s));
          }
        }
      }
      for (int s = 0; s < SCHEMA.slotCount(); s++) {
        assertEquals(
            Set.copyOf(SCHEMA.slot(s).words()),
            trainWords.get(s),
            split.name() + ": every word of " + SCHEMA.slot(s).name() + " in TRAIN");
      }
      double kept = CLIPS - n.getOrDefault(Partition.TEST_COMP, 0);
      assertEquals(0.70, n.get(Partition.TRAIN) / kept, 0.03, split.name() + " TRAIN " + n);
      assertEquals(0.15, n.get(Partition.VAL) / kept, 0.03, split.name() + " VAL " + n);
      assertEquals(0.15, n.get(Partition.TEST) / kept, 0.03, split.name() + " TEST " + n);
      double heldShare = (double) split.heldOutCount() / pairCount(split);
      assertEquals(
          heldShare,
          n.getOrDefault(Partition.TEST_COMP, 0) / (double) CLIPS,
          0.03,
          split.name() + " TEST_COMP share");
    }
  }

  @Test
  void shouldAgreeOnTrainValTestAcrossSplitsWithTheSameSeed() {
    SplitDefinition iid = Splits.iid(5);
    SplitDefinition hard = Splits.compositional(SCHEMA, "colour", "shape", HoldOutLevel.HARD, 5);
    for (long i = 0; i < 2000; i++) {
      Sentence sentence = TestClips.sentence(SCHEMA, i);
      Partition p = hard.assign(i, sentence);
      if (p != Partition.TEST_COMP) {
        assertEquals(iid.assign(i, sentence), p);
      }
    }
  }

  @Test
  void shouldDependOnTheSeed() {
    var a = Splits.compositional(SCHEMA, "colour", "shape", HoldOutLevel.MEDIUM, 1).heldOut();
    var b = Splits.compositional(SCHEMA, "colour", "shape", HoldOutLevel.MEDIUM, 2).heldOut();
    assertNotEquals(a, b);
    assertEquals(
        a, Splits.compositional(SCHEMA, "colour", "shape", HoldOutLevel.MEDIUM, 1).heldOut());
  }

  @Test
  void shouldRoundTripThroughJson() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    for (SplitDefinition split : Splits.standard(SCHEMA, 42)) {
      String json = mapper.writeValueAsString(split);
      assertEquals(split, mapper.readValue(json, SplitDefinition.class), json);
    }
  }

  private static int pairCount(SplitDefinition split) {
    if (split.kind() == SplitDefinition.Kind.IID) {
      return 1;
    }
    return SCHEMA.slot(SCHEMA.slotIndex(split.slots().get(0))).size()
        * SCHEMA.slot(SCHEMA.slotIndex(split.slots().get(1))).size();
  }

  @Test
  void shouldKeepTheCauseWhenASplitDoesNotFitTheSchema() {
    SplitDefinition split =
        new SplitDefinition(
            "bad",
            SplitDefinition.Kind.COMPOSITIONAL,
            1,
            List.of("colour", "shape"),
            HoldOutLevel.HARD,
            List.of(new HeldOutPair("no-such-colour", "no-such-shape")));
    SchemaException e = assertThrows(SchemaException.class, () -> split.validate(SCHEMA));
    assertTrue(e.getMessage().startsWith("split 'bad': "), e.getMessage());
    assertTrue(e.getCause() instanceof SchemaException, "cause");
  }
}
