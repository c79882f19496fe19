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

  /**
   * Issue 20: the kept pairs of every standard compositional split, for many seeds, form one
   * connected graph where each word keeps two or more partners (no group of colours is only ever
   * trained with a group of shapes), and A words get distinct partner sets while there are enough.
   * The old cyclic rule failed this for every seed on comp-colour-shape-medium.
   */
  @Test
  void keptPairsShouldBeConnectedAndPartnerSetsDistinct() {
    for (long seed = 0; seed < 50; seed++) {
      for (SplitDefinition s : Splits.standard(SCHEMA, seed)) {
        if (s.kind() == SplitDefinition.Kind.IID) {
          continue;
        }
        Slot a = SCHEMA.slot(SCHEMA.slotIndex(s.slots().get(0)));
        Slot b = SCHEMA.slot(SCHEMA.slotIndex(s.slots().get(1)));
        Set<HeldOutPair> held = new HashSet<>(s.heldOut());
        Map<String, Set<String>> partners = new HashMap<>();
        for (String wa : a.words()) {
          for (String wb : b.words()) {
            if (!held.contains(new HeldOutPair(wa, wb))) {
              partners.computeIfAbsent(wa, x -> new HashSet<>()).add(wb);
            }
          }
        }
        int kept = b.size() - s.level().partnersHeldOut(b.size());
        long possibleSets = binomial(b.size(), kept);
        long distinct = partners.values().stream().distinct().count();
        assertEquals(
            Math.min(a.size(), possibleSets),
            distinct,
            s.name() + " seed " + seed + " " + partners);
        if (kept >= 2) {
          assertTrue(connected(partners, b.size()), s.name() + " seed " + seed + " " + partners);
        }
      }
    }
  }

  /** The old rule's flaw, stated on the new split: colour groups must not map to shape groups. */
  @Test
  void mediumColourShapeShouldGiveEveryColourItsOwnPairOfShapes() {
    SplitDefinition s = Splits.compositional(SCHEMA, "colour", "shape", HoldOutLevel.MEDIUM, 42);
    Map<String, Set<String>> kept = new HashMap<>();
    Set<HeldOutPair> held = new HashSet<>(s.heldOut());
    Slot colour = SCHEMA.slot(SCHEMA.slotIndex("colour"));
    Slot shape = SCHEMA.slot(SCHEMA.slotIndex("shape"));
    for (String c : colour.words()) {
      for (String sh : shape.words()) {
        if (!held.contains(new HeldOutPair(c, sh))) {
          kept.computeIfAbsent(c, x -> new HashSet<>()).add(sh);
        }
      }
    }
    assertEquals(6, new HashSet<>(kept.values()).size(), "six colours, six pairs of shapes");
  }

  private static long binomial(int n, int k) {
    long r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
    }
    return r;
  }

  /** Whether the bipartite graph of A words and their kept B partners is connected. */
  private static boolean connected(Map<String, Set<String>> partners, int sizeOfB) {
    Set<String> seenA = new HashSet<>();
    Set<String> seenB = new HashSet<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>();
    String start = partners.keySet().iterator().next();
    todo.add("A:" + start);
    while (!todo.isEmpty()) {
      String node = todo.poll();
      String word = node.substring(2);
      if (node.startsWith("A:")) {
        if (seenA.add(word)) {
          partners.get(word).forEach(wb -> todo.add("B:" + wb));
        }
      } else if (seenB.add(word)) {
        partners.forEach(
            (wa, set) -> {
              if (set.contains(word)) {
                todo.add("A:" + wa);
              }
            });
      }
    }
    return seenA.size() == partners.size() && seenB.size() == sizeOfB;
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
