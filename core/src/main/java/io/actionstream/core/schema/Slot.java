package io.actionstream.core.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One property slot of the {@link PropertySchema}: a name (for example {@code colour}) and its
 * ordered word list. A word may hold several lower-case tokens separated by single spaces (for
 * example {@code "slides left"}); its index in the list is its class id.
 */
public final class Slot {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9]*( [a-z][a-z0-9]*)*");

  private final String name;
  private final List<String> words;
  private final Map<String, Integer> indexByWord;

  /**
   * Creates a slot.
   *
   * @param name slot name, lower case ({@code [a-z][a-z0-9_]*})
   * @param words at least two distinct words
   * @throws SchemaException if the name or a word is malformed, or words repeat
   */
  public Slot(String name, List<String> words) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(words, "words");
    if (!NAME.matcher(name).matches()) {
      throw new SchemaException("slot name '" + name + "' must match " + NAME.pattern());
    }
    if (words.size() < 2) {
      throw new SchemaException(
          "slot '" + name + "' needs at least 2 words, got " + words.size() + ": " + words);
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (word == null || !WORD.matcher(word).matches()) {
        throw new SchemaException(
            "slot '"
                + name
                + "' word '"
                + word
                + "' must be lower-case tokens matching "
                + WORD.pattern());
      }
      if (index.put(word, i) != null) {
        throw new SchemaException("slot '" + name + "' lists word '" + word + "' twice");
      }
    }
    this.name = name;
    this.words = List.copyOf(words);
    this.indexByWord = Map.copyOf(index);
  }

  /** The slot name, for example {@code colour}. */
  public String name() {
    return name;
  }

  /** The words in class-id order (immutable). */
  public List<String> words() {
    return words;
  }

  /** Number of words, i.e. the number of classes of this slot's head. */
  public int size() {
    return words.size();
  }

  /** The word with class id {@code index}. */
  public String word(int index) {
    if (index < 0 || index >= words.size()) {
      throw new SchemaException(
          "slot '" + name + "' has no word index " + index + " (0.." + (words.size() - 1) + ")");
    }
    return words.get(index);
  }

  /**
   * The class id of {@code word}.
   *
   * @throws SchemaException naming the slot and its words if {@code word} is not one of them
   */
  public int indexOf(String word) {
    Integer index = indexByWord.get(word);
    if (index == null) {
      throw new SchemaException(
          "unknown word '" + word + "' for slot '" + name + "'; expected one of " + words);
    }
    return index;
  }

  /** Whether {@code word} belongs to this slot. */
  public boolean contains(String word) {
    return indexByWord.containsKey(word);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Slot other && name.equals(other.name) && words.equals(other.words);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, words);
  }

  @Override
  public String toString() {
    return name + words;
  }
}
