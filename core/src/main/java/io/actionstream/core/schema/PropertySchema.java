package io.actionstream.core.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fixed dictionary of the action model: an ordered list of property {@link Slot}s. A sentence
 * is one word per slot, in slot order ("small red square slides left"). The schema is what the
 * trainer, the model package and the service must agree on; {@link #fingerprint()} gives a stable
 * identifier for that agreement.
 */
public final class PropertySchema {
  private final List<Slot> slots;

  /**
   * Creates a schema.
   *
   * @throws SchemaException if there are no slots or two slots share a name
   */
  public PropertySchema(List<Slot> slots) {
    Objects.requireNonNull(slots, "slots");
    if (slots.isEmpty()) {
      throw new SchemaException("a property schema needs at least one slot");
    }
    List<String> names = new ArrayList<>();
    for (Slot slot : slots) {
      if (names.contains(slot.name())) {
        throw new SchemaException("slot name '" + slot.name() + "' appears twice");
      }
      names.add(slot.name());
    }
    this.slots = List.copyOf(slots);
  }

  /**
   * The default schema of the synthetic action clips: size (2), colour (6), shape (4) and action
   * (8) words.
   */
  public static PropertySchema defaultSchema() {
    return new PropertySchema(
        List.of(
            new Slot("size", List.of("small", "large")),
            new Slot("colour", List.of("red", "green", "blue", "yellow", "purple", "cyan")),
            new Slot("shape", List.of("square", "circle", "triangle", "star")),
            new Slot(
                "action",
                List.of(
                    "slides left",
                    "slides right",
                    "slides up",
                    "slides down",
                    "rotates",
                    "jumps",
                    "grows",
                    "shrinks"))));
  }

  /** The slots in sentence order (immutable). */
  public List<Slot> slots() {
    return slots;
  }

  /** Number of slots, K. */
  public int slotCount() {
    return slots.size();
  }

  /** The slot at position {@code index}. */
  public Slot slot(int index) {
    if (index < 0 || index >= slots.size()) {
      throw new SchemaException(
          "no slot at position " + index + " (schema has " + slots.size() + " slots)");
    }
    return slots.get(index);
  }

  /** Position of the slot named {@code name}, if any. */
  public Optional<Integer> findSlot(String name) {
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).name().equals(name)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /**
   * Position of the slot named {@code name}.
   *
   * @throws SchemaException naming the known slots if there is none
   */
  public int slotIndex(String name) {
    return findSlot(name)
        .orElseThrow(
            () ->
                new SchemaException(
                    "unknown property '" + name + "'; expected one of " + slotNames()));
  }

  /** The slot names in order. */
  public List<String> slotNames() {
    return slots.stream().map(Slot::name).toList();
  }

  /** Number of distinct sentences (the product of the slot sizes). */
  public long combinationCount() {
    long n = 1;
    for (Slot slot : slots) {
      n *= slot.size();
    }
    return n;
  }

  /**
   * Builds a sentence from one word per slot.
   *
   * @throws SchemaException if the count is wrong or a word is unknown for its slot
   */
  public Sentence sentence(String... words) {
    return sentence(Arrays.asList(words));
  }

  /** Builds a sentence from one word per slot; see {@link #sentence(String...)}. */
  public Sentence sentence(List<String> words) {
    if (words.size() != slots.size()) {
      throw new SchemaException(
          "expected "
              + slots.size()
              + " words ("
              + slotNames()
              + "), got "
              + words.size()
              + ": "
              + words);
    }
    int[] ids = new int[slots.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = slots.get(i).indexOf(words.get(i));
    }
    return new Sentence(this, ids);
  }

  /**
   * Builds a sentence from class ids, one per slot.
   *
   * @throws SchemaException if the count is wrong or an id is out of range
   */
  public Sentence sentenceOf(int... wordIds) {
    if (wordIds.length != slots.size()) {
      throw new SchemaException("expected " + slots.size() + " word ids, got " + wordIds.length);
    }
    for (int i = 0; i < wordIds.length; i++) {
      slots.get(i).word(wordIds[i]); // range check with a clear message
    }
    return new Sentence(this, wordIds.clone());
  }

  /**
   * Parses a sentence: whitespace-separated tokens, one word per slot in slot order, where a word
   * may span several tokens. Matching is case-insensitive and takes the longest word of each slot
   * that fits.
   *
   * @throws SchemaException saying which slot could not be matched, or that tokens are left over
   */
  public Sentence parse(String text) {
    Objects.requireNonNull(text, "sentence");
    String[] tokens = text.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+");
    if (text.isBlank()) {
      throw new SchemaException("empty sentence; expected words for " + slotNames());
    }
    int[] ids = new int[slots.size()];
    int pos = 0;
    for (int s = 0; s < slots.size(); s++) {
      Slot slot = slots.get(s);
      int best = -1;
      int bestLength = 0;
      for (int w = 0; w < slot.size(); w++) {
        String[] wordTokens = slot.word(w).split(" ");
        if (wordTokens.length > bestLength && matches(tokens, pos, wordTokens)) {
          best = w;
          bestLength = wordTokens.length;
        }
      }
      if (best < 0) {
        String found = pos < tokens.length ? "'" + tokens[pos] + "'" : "end of sentence";
        throw new SchemaException(
            "cannot parse '"
                + text
                + "': expected a "
                + slot.name()
                + " word "
                + slot.words()
                + " at token "
                + (pos + 1)
                + ", found "
                + found);
      }
      ids[s] = best;
      pos += bestLength;
    }
    if (pos != tokens.length) {
      throw new SchemaException(
          "cannot parse '"
              + text
              + "': "
              + (tokens.length - pos)
              + " token(s) left after the last slot ('"
              + slots.get(slots.size() - 1).name()
              + "')");
    }
    return new Sentence(this, ids);
  }

  private static boolean matches(String[] tokens, int pos, String[] wordTokens) {
    if (pos + wordTokens.length > tokens.length) {
      return false;
    }
    for (int i = 0; i < wordTokens.length; i++) {
      if (!tokens[pos + i].equals(wordTokens[i])) {
        return false;
      }
    }
    return true;
  }

  /** The all-ones mask: every slot is asked. */
  public SlotMask allSlots() {
    return SlotMask.all(slots.size());
  }

  /**
   * A mask asking only the named properties.
   *
   * @throws SchemaException if a name is unknown or none is given
   */
  public SlotMask maskOf(List<String> properties) {
    if (properties.isEmpty()) {
      throw new SchemaException("a mask must ask at least one property of " + slotNames());
    }
    boolean[] bits = new boolean[slots.size()];
    for (String property : properties) {
      bits[slotIndex(property)] = true;
    }
    return new SlotMask(bits);
  }

  /**
   * A stable text form of the schema ({@code size=small|large;colour=...}), used as a fingerprint
   * in manifests so that a model trained on another vocabulary is refused.
   */
  public String fingerprint() {
    StringBuilder sb = new StringBuilder();
    for (Slot slot : slots) {
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(slot.name()).append('=').append(String.join("|", slot.words()));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PropertySchema other && slots.equals(other.slots);
  }

  @Override
  public int hashCode() {
    return slots.hashCode();
  }

  @Override
  public String toString() {
    return "PropertySchema" + slots;
  }
}
