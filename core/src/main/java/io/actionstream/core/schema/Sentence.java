package io.actionstream.core.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An action sentence: one word id per slot of a {@link PropertySchema}. Immutable; create it with
 * {@link PropertySchema#sentence(String...)}, {@link PropertySchema#sentenceOf(int...)} or {@link
 * PropertySchema#parse(String)}.
 */
public final class Sentence {
  private final PropertySchema schema;
  private final int[] wordIds;

  Sentence(PropertySchema schema, int[] wordIds) {
    this.schema = schema;
    this.wordIds = wordIds;
  }

  /** The schema this sentence belongs to. */
  public PropertySchema schema() {
    return schema;
  }

  /** The class id of the word in slot {@code slot}. */
  public int wordId(int slot) {
    return wordIds[slot];
  }

  /** A copy of the class ids, one per slot. */
  public int[] wordIds() {
    return wordIds.clone();
  }

  /** The word in slot {@code slot}. */
  public String word(int slot) {
    return schema.slot(slot).word(wordIds[slot]);
  }

  /** The word of the slot named {@code slotName}. */
  public String word(String slotName) {
    return word(schema.slotIndex(slotName));
  }

  /** The words in slot order. */
  public List<String> words() {
    List<String> words = new ArrayList<>(wordIds.length);
    for (int i = 0; i < wordIds.length; i++) {
      words.add(word(i));
    }
    return words;
  }

  /** The sentence text: words in slot order joined by single spaces. */
  public String text() {
    return String.join(" ", words());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sentence other
        && schema.equals(other.schema)
        && Arrays.equals(wordIds, other.wordIds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(wordIds);
  }

  @Override
  public String toString() {
    return text();
  }
}
