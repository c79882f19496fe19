package io.actionstream.trainer.augment;

import java.util.Arrays;
import java.util.List;

/**
 * One entry of {@code training.augment}: {@code slots=augmentation}, e.g. {@code colour=hue} or
 * {@code action+size=reverse}. The augmentation may change the properties of the named slots and no
 * others, so it is applied to an example only when its mask asks none of them.
 *
 * @param slots the slots the augmentation changes, at least one
 * @param augmentation what it does to the pixels
 */
public record AugmentRule(List<String> slots, Augmentation augmentation) {
  /** What one entry looks like, for messages and the key's documentation. */
  public static final String FORMAT =
      "entries slot[+slot...]=augmentation, augmentation one of hue, scale, mirror, reverse";

  /** Copies the slot list; rejects an empty one. */
  public AugmentRule {
    slots = List.copyOf(slots);
    if (slots.isEmpty()) {
      throw new IllegalArgumentException("an augmentation rule names at least one slot");
    }
  }

  /**
   * Parses {@code slots=augmentation}.
   *
   * @throws IllegalArgumentException naming the entry and the expected form
   */
  public static AugmentRule parse(String entry) {
    String[] parts = entry.strip().split("=", -1);
    if (parts.length != 2 || parts[0].isBlank()) {
      throw new IllegalArgumentException(
          "augmentation '" + entry + "' must read slot[+slot...]=augmentation, e.g. colour=hue");
    }
    List<String> slots = Arrays.stream(parts[0].split("\\+", -1)).map(String::strip).toList();
    if (slots.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("augmentation '" + entry + "' has an empty slot name");
    }
    return new AugmentRule(slots, Augmentation.parse(parts[1]));
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
    return String.join("+", slots) + "=" + augmentation.configName();
  }
}
