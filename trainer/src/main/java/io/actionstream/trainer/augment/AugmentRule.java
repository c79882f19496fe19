package io.actionstream.trainer.augment;

import java.util.Arrays;
import java.util.List;

/**
 * One entry of {@code training.augment}: {@code slots=augmentation[@probability]}, e.g. {@code
 * colour=hue}, {@code action+size=reverse} or {@code colour=hue@0.5}. The augmentation may change
 * the properties of the named slots and no others, so it is applied to an example only when its
 * mask asks none of them, and then with the given probability (default 1: always).
 *
 * @param slots the slots the augmentation changes, at least one
 * @param augmentation what it does to the pixels
 * @param probability the chance it is applied to an example that does not ask its slots, in (0, 1]
 */
public record AugmentRule(List<String> slots, Augmentation augmentation, double probability) {
  /** What one entry looks like, for messages and the key's documentation. */
  public static final String FORMAT =
      "entries slot[+slot...]=augmentation[@probability], augmentation one of hue, scale, mirror,"
          + " reverse, probability in (0, 1] (default 1)";

  /** Copies the slot list; rejects an empty one and a probability outside (0, 1]. */
  public AugmentRule {
    slots = List.copyOf(slots);
    if (slots.isEmpty()) {
      throw new IllegalArgumentException("an augmentation rule names at least one slot");
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "an augmentation's probability must be in (0, 1], got " + probability);
    }
  }

  /** A rule applied whenever the mask asks none of {@code slots}. */
  public AugmentRule(List<String> slots, Augmentation augmentation) {
    this(slots, augmentation, 1.0);
  }

  /**
   * Parses {@code slots=augmentation[@probability]}.
   *
   * @throws IllegalArgumentException naming the entry and the expected form
   */
  public static AugmentRule parse(String entry) {
    String[] parts = entry.strip().split("=", -1);
    if (parts.length != 2 || parts[0].isBlank()) {
      throw new IllegalArgumentException(
          "augmentation '"
              + entry
              + "' must read slot[+slot...]=augmentation[@probability], e.g. colour=hue");
    }
    List<String> slots = Arrays.stream(parts[0].split("\\+", -1)).map(String::strip).toList();
    if (slots.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("augmentation '" + entry + "' has an empty slot name");
    }
    String[] what = parts[1].split("@", -1);
    if (what.length > 2) {
      throw new IllegalArgumentException("augmentation '" + entry + "' has more than one '@'");
    }
    Augmentation augmentation = Augmentation.parse(what[0]);
    double probability = 1.0;
    if (what.length == 2) {
      try {
        probability = Double.parseDouble(what[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "augmentation '" + entry + "': the probability after '@' must be a number in (0, 1]");
      }
    }
    try {
      return new AugmentRule(slots, augmentation, probability);
    } catch (IllegalArgumentException e) { // the range, checked once by the constructor
      throw new IllegalArgumentException("augmentation '" + entry + "': " + e.getMessage(), e);
    }
  }

  /** Whether the rule applies to every example that does not ask its slots. */
  public boolean always() {
    return probability >= 1;
  }

  /** Whether {@code entry} parses. */
  public static boolean isValid(String entry) {
    try {
      parse(entry);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The entry as written in configs. */
  @Override
  public String toString() {
    String rule = String.join("+", slots) + "=" + augmentation.configName();
    return always() ? rule : rule + "@" + probability;
  }
}
