package io.actionstream.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.actionstream.core.schema.Sentence;
import java.util.ArrayList;
import java.util.List;

/**
 * One property's answer: the slot, the chosen word and its probability. JSON: {@code {"slot":
 * "colour", "word": "red", "probability": 0.97}}.
 *
 * @param slot the slot (property) name
 * @param word the chosen word of that slot
 * @param probability the model's probability of that word, 0..1
 */
public record SlotWord(
    @JsonProperty(required = true) String slot,
    @JsonProperty(required = true) String word,
    @JsonProperty(required = true) double probability) {
  /**
   * Checks the fields.
   *
   * @throws WireFormatException {@link WireError#INVALID_FIELD} naming the field
   */
  public SlotWord {
    JsonChecks.notBlank(slot, "slot");
    JsonChecks.notBlank(word, "word");
    JsonChecks.probability(probability, "probability");
  }

  /**
   * The words of a sentence, one per slot in slot order, with the given probabilities.
   *
   * @param probabilities one per slot of the sentence's schema
   */
  public static List<SlotWord> of(Sentence sentence, double[] probabilities) {
    int k = sentence.schema().slotCount();
    if (probabilities.length != k) {
      throw new IllegalArgumentException(
          "expected " + k + " probabilities (one per slot), got " + probabilities.length);
    }
    List<SlotWord> words = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      words.add(new SlotWord(sentence.schema().slot(i).name(), sentence.word(i), probabilities[i]));
    }
    return List.copyOf(words);
  }
}
