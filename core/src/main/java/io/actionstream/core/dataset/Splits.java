package io.actionstream.core.dataset;

import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Slot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds {@link SplitDefinition}s: the i.i.d. split and compositional splits that hold out pairs of
 * words of two slots at a {@link HoldOutLevel}.
 *
 * <p>Held-out pairs for slots (A, B), A the slot with more words (swapped if needed, ties keep the
 * given order): each A word keeps m = |B| − k partners, k = {@link
 * HoldOutLevel#partnersHeldOut(int)}, and loses the rest. The words and the m-subsets of B are
 * shuffled with a {@link Random} seeded from the split seed and the slot names; each A word in turn
 * takes the subset chosen least often so far (distinct partner sets while there are enough), then
 * the one that keeps B's words most evenly used. So every B word is kept with floor or ceil of
 * |A|·m/|B| A words, no two A words share a partner set while C(|B|, m) ≥ |A|, and with m ≥ 2 the
 * kept pairs form one connected graph: no group of words of one slot is only ever seen with a group
 * of the other (docs/datasets.md).
 */
public final class Splits {
  /** Name of the i.i.d. split. */
  public static final String IID = "iid";

  /** Slot pairs of the standard compositional splits (for the default schema). */
  public static final List<List<String>> STANDARD_PAIRS =
      List.of(List.of("colour", "shape"), List.of("action", "shape"), List.of("action", "colour"));

  private Splits() {}

  /** The i.i.d. split named {@value #IID}. */
  public static SplitDefinition iid(long seed) {
    return new SplitDefinition(IID, SplitDefinition.Kind.IID, seed, null, null, null);
  }

  /**
   * The standard splits: {@code iid} and, for each pair of {@link #STANDARD_PAIRS} whose slots the
   * schema has, {@code comp-<A>-<B>-easy|medium|hard}. For the default schema that is colour×shape
   * (6/12/18 of 24 pairs held out), action×shape (8/16/24 of 32) and action×colour (8/24/40 of 48).
   */
  public static List<SplitDefinition> standard(PropertySchema schema, long seed) {
    List<SplitDefinition> splits = new ArrayList<>();
    splits.add(iid(seed));
    for (List<String> pair : STANDARD_PAIRS) {
      if (schema.findSlot(pair.get(0)).isEmpty() || schema.findSlot(pair.get(1)).isEmpty()) {
        continue;
      }
      for (HoldOutLevel level : HoldOutLevel.values()) {
        splits.add(compositional(schema, pair.get(0), pair.get(1), level, seed));
      }
    }
    return splits;
  }

  /**
   * A compositional split named {@code comp-<A>-<B>-<level>} where A is the slot with more words.
   *
   * @throws SchemaException if a slot is unknown or both name the same slot
   */
  public static SplitDefinition compositional(
      PropertySchema schema, String slotA, String slotB, HoldOutLevel level, long seed) {
    Slot a = schema.slot(schema.slotIndex(slotA));
    Slot b = schema.slot(schema.slotIndex(slotB));
    if (a.equals(b)) {
      throw new SchemaException("a compositional split needs two different slots, got " + slotA);
    }
    if (b.size() > a.size()) {
      Slot t = a;
      a = b;
      b = t;
    }
    String name = "comp-" + a.name() + "-" + b.name() + "-" + level.label();
    return new SplitDefinition(
        name,
        SplitDefinition.Kind.COMPOSITIONAL,
        seed,
        List.of(a.name(), b.name()),
        level,
        heldOutPairs(a, b, level, seed));
  }

  /** The held-out pairs (A word, B word) for slots A, B with |A| ≥ |B|; see the class comment. */
  static List<HeldOutPair> heldOutPairs(Slot a, Slot b, HoldOutLevel level, long seed) {
    int k = level.partnersHeldOut(b.size());
    int kept = b.size() - k;
    Random random =
        new Random(seed ^ ((long) a.name().hashCode() << 32 | (b.name().hashCode() & 0xFFFFFFFFL)));
    List<String> wordsA = new ArrayList<>(a.words());
    List<String> wordsB = new ArrayList<>(b.words());
    Collections.shuffle(wordsA, random);
    Collections.shuffle(wordsB, random);
    List<int[]> subsets = subsets(wordsB.size(), kept);
    Collections.shuffle(subsets, random);
    int[] uses = new int[wordsB.size()];
    Map<List<Integer>, Integer> chosen = new HashMap<>();
    List<HeldOutPair> pairs = new ArrayList<>();
    for (String wordA : wordsA) {
      int[] best = null;
      long bestCost = Long.MAX_VALUE;
      for (int[] subset : subsets) {
        long cost = cost(subset, uses, chosen.getOrDefault(key(subset), 0));
        if (cost < bestCost) {
          best = subset;
          bestCost = cost;
        }
      }
      chosen.merge(key(best), 1, Integer::sum);
      boolean[] keep = new boolean[wordsB.size()];
      for (int j : best) {
        keep[j] = true;
        uses[j]++;
      }
      for (int j = 0; j < wordsB.size(); j++) {
        if (!keep[j]) {
          pairs.add(new HeldOutPair(wordA, wordsB.get(j)));
        }
      }
    }
    // Stable, readable order in the manifest: by word ids of A, then B.
    pairs.sort(
        (p, q) ->
            p.first().equals(q.first())
                ? Integer.compare(b.indexOf(p.second()), b.indexOf(q.second()))
                : Integer.compare(a.indexOf(p.first()), a.indexOf(q.first())));
    return List.copyOf(pairs);
  }

  /**
   * Ranks a kept-partner set for the next A word: first how often it was chosen already (distinct
   * sets first), then the most uses of a B word it would make (balance), then its total uses.
   */
  private static long cost(int[] subset, int[] uses, int chosenBefore) {
    int max = 0;
    int sum = 0;
    for (int j : subset) {
      max = Math.max(max, uses[j] + 1);
      sum += uses[j];
    }
    return (long) chosenBefore << 40 | (long) max << 20 | sum;
  }

  private static List<Integer> key(int[] subset) {
    return java.util.Arrays.stream(subset).boxed().toList();
  }

  /** Every {@code size}-element subset of {@code 0..n-1}, in lexicographic order. */
  private static List<int[]> subsets(int n, int size) {
    List<int[]> out = new ArrayList<>();
    int[] s = new int[size];
    for (int i = 0; i < size; i++) {
      s[i] = i;
    }
    while (true) {
      out.add(s.clone());
      int i = size - 1;
      while (i >= 0 && s[i] == n - size + i) {
        i--;
      }
      if (i < 0) {
        return out;
      }
      s[i]++;
      for (int j = i + 1; j < size; j++) {
        s[j] = s[j - 1] + 1;
      }
    }
  }

  /**
   * The split named {@code name} in {@code splits}.
   *
   * @throws IllegalArgumentException naming the known splits if there is none
   */
  public static SplitDefinition find(List<SplitDefinition> splits, String name) {
    for (SplitDefinition split : splits) {
      if (split.name().equals(name)) {
        return split;
      }
    }
    throw new IllegalArgumentException(
        "unknown split '"
            + name
            + "'; this dataset has "
            + splits.stream().map(SplitDefinition::name).toList());
  }
}
