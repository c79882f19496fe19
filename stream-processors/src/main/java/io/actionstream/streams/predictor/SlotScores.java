package io.actionstream.streams.predictor;

import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.wire.SlotWord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a predictor says about one clip: for every slot of the schema, the chosen word (its index in
 * the slot's word list) and that word's probability. For a masked call only the asked slots are
 * meaningful; the others may hold anything valid.
 *
 * @param wordIds one word index per slot, in slot order
 * @param probabilities one probability (0..1) per slot, in slot order
 */
public record SlotScores(int[] wordIds, double[] probabilities) {
  /** Checks the lengths and copies the arrays. */
  public SlotScores {
    if (wordIds.length != probabilities.length || wordIds.length == 0) {
      throw new IllegalArgumentException(
          "expected one word id and one probability per slot, got "
              + wordIds.length
              + " and "
              + probabilities.length);
    }
    wordIds = wordIds.clone();
    probabilities = probabilities.clone();
  }

  /** Number of slots. */
  public int slotCount() {
    return wordIds.length;
  }

  /**
   * The words of the given slots, in the given order.
   *
   * @throws IllegalArgumentException if the scores do not fit the schema
   */
  public List<SlotWord> words(PropertySchema schema, List<String> slotNames) {
    if (schema.slotCount() != wordIds.length) {
      throw new IllegalArgumentException(
          "expected scores for " + schema.slotCount() + " slots, got " + wordIds.length);
    }
    List<SlotWord> words = new ArrayList<>(slotNames.size());
    for (String name : slotNames) {
      int slot = schema.slotIndex(name);
      words.add(new SlotWord(name, schema.slot(slot).word(wordIds[slot]), probabilities[slot]));
    }
    return List.copyOf(words);
  }

  /** The words of every slot, in slot order. */
  public List<SlotWord> words(PropertySchema schema) {
    return words(schema, schema.slotNames());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlotScores other
        && Arrays.equals(wordIds, other.wordIds)
        && Arrays.equals(probabilities, other.probabilities);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(wordIds) + Arrays.hashCode(probabilities);
  }

  @Override
  public String toString() {
    return "SlotScores" + Arrays.toString(wordIds) + Arrays.toString(probabilities);
  }
}
