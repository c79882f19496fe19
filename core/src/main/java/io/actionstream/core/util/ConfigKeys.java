package io.actionstream.core.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Helpers for key tables declared as Kafka {@link ConfigDef}s outside Kafka's own configs (the
 * trainer's): validators Kafka lacks, one value checked against its key, a whole map parsed, and
 * the Markdown reference row of each key. Every failure is an {@link IllegalArgumentException}
 * reading {@code key must be <valid values>, got <value>}.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  /**
   * Checks one value against the validator of {@code key} in {@code keys}.
   *
   * @throws IllegalArgumentException naming the key and what it allows
   */
  public static void check(ConfigDef keys, String key, Object value) {
    ConfigDef.ConfigKey declared = keys.configKeys().get(key);
    if (declared == null) {
      throw new IllegalStateException("no key " + key + " in this table");
    }
    if (declared.validator != null) {
      try {
        declared.validator.ensureValid(key, value);
      } catch (ConfigException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }

  /**
   * Parses and validates {@code values} (keys absent take their defaults; null only where the
   * default is null).
   *
   * @throws IllegalArgumentException naming the first bad key
   */
  public static Map<String, Object> parse(ConfigDef keys, Map<String, ?> values) {
    values.forEach(
        (name, value) -> {
          ConfigDef.ConfigKey key = keys.configKeys().get(name);
          if (value == null && key != null && key.defaultValue != null) {
            throw new IllegalArgumentException(name + " must have a value, got null");
          }
        });
    try {
      return keys.parse(values);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** An integer in {@code min..max}. */
  public static ConfigDef.Validator between(long min, long max) {
    return rule(min + ".." + max, v -> v instanceof Number n && inRange(n, min, max));
  }

  /** A number of at least {@code min}. */
  public static ConfigDef.Validator atLeast(long min) {
    return rule("at least " + min, v -> v instanceof Number n && n.doubleValue() >= min);
  }

  /** A real number in {@code (0, max]}. */
  public static ConfigDef.Validator positiveAtMost(double max) {
    return rule(
        "in (0, " + max + "]",
        v -> v instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= max);
  }

  /** An odd integer in {@code min..max}. */
  public static ConfigDef.Validator oddBetween(int min, int max) {
    return rule(
        "odd " + min + ".." + max,
        v -> v instanceof Number n && inRange(n, min, max) && n.longValue() % 2 != 0);
  }

  /** One of the enum's constants, written in lower case, read case-insensitively. */
  public static <E extends Enum<E>> ConfigDef.Validator oneOf(Class<E> type) {
    List<String> names =
        Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    return rule(
        "one of " + String.join(", ", names),
        v -> v instanceof String s && names.contains(s.toLowerCase(Locale.ROOT)));
  }

  /** A non-blank string. */
  public static ConfigDef.Validator nonBlank() {
    return rule("non-blank", v -> v != null && !v.toString().isBlank());
  }

  /**
   * A list of {@code minSize..maxSize} integers, each in {@code min..max} (a list parsed from text
   * holds strings: each must be an integer).
   */
  public static ConfigDef.Validator intList(int minSize, int maxSize, int min, int max) {
    return rule(
        minSize + ".." + maxSize + " integers, each " + min + ".." + max,
        v ->
            v instanceof List<?> list
                && list.size() >= minSize
                && list.size() <= maxSize
                && list.stream().allMatch(item -> isInteger(item, min, max)));
  }

  /**
   * A list whose every item (as text) passes {@code item}; {@code text} describes one item, e.g.
   * "entries slot=augmentation".
   */
  public static ConfigDef.Validator listOf(String text, Predicate<String> item) {
    return rule(
        text,
        v ->
            v instanceof List<?> list
                && list.stream().allMatch(e -> e != null && item.test(e.toString().strip())));
  }

  /** The integers of a list validated by {@link #intList}. */
  public static int[] ints(Object list) {
    return ((List<?>) list)
        .stream().mapToInt(v -> Integer.parseInt(v.toString().strip())).toArray();
  }

  /** The integers as the list a {@code LIST} key holds. */
  public static List<Integer> list(int[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  /**
   * The reference table of {@code keys} in Markdown, a row per key in declaration order: {@code |
   * `key` | default | valid values | documentation |}.
   */
  public static String markdownTable(ConfigDef keys) {
    List<String> rows = new ArrayList<>();
    rows.add("| key | default | valid | meaning |");
    rows.add("|---|---|---|---|");
    for (ConfigDef.ConfigKey key : keys.configKeys().values()) {
      rows.add(
          "| `"
              + key.name
              + "` | "
              + defaultText(key)
              + " | "
              + (key.validator == null ? "" : key.validator.toString())
              + " | "
              + key.documentation
              + " |");
    }
    return rows.stream().collect(Collectors.joining("\n", "", "\n"));
  }

  private static String defaultText(ConfigDef.ConfigKey key) {
    Object value = key.defaultValue;
    if (value == null) {
      return "null";
    }
    if (value instanceof List<?> list) {
      return list.toString();
    }
    return value instanceof String s ? "`" + s + "`" : value.toString();
  }

  /** A validator whose text completes "key must be ..." in every message and in the docs. */
  private static ConfigDef.Validator rule(String text, Predicate<Object> ok) {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (!ok.test(value)) {
            throw new ConfigException(name + " must be " + text + ", got " + value);
          }
        },
        () -> text);
  }

  private static boolean inRange(Number n, long min, long max) {
    return n.doubleValue() == n.longValue() && n.longValue() >= min && n.longValue() <= max;
  }

  private static boolean isInteger(Object value, int min, int max) {
    try {
      long v = Long.parseLong(value.toString().strip());
      return v >= min && v <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
