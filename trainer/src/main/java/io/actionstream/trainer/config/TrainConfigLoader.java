package io.actionstream.trainer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.actionstream.core.util.ConfigKeys;
import io.actionstream.core.util.KeySuggestions;
import io.actionstream.trainer.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link TrainConfig}: the defaults of {@link TrainConfig#KEYS}, then a user file (YAML or
 * JSON) merged over them, then {@code key=value} overrides with dotted keys ({@code
 * training.epochs=3}). Unknown keys and bad values fail with a message naming the key.
 */
public final class TrainConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TrainConfigLoader() {}

  /** The defaults alone. */
  public static TrainConfig defaults() {
    return load(null, Map.of());
  }

  /**
   * Loads and validates a configuration.
   *
   * @param file a YAML or JSON file, or null for the defaults alone
   * @param overrides dotted key to value (YAML scalar or flow syntax, e.g. {@code [16, 32]})
   * @throws IllegalArgumentException naming the bad key or file
   */
  public static TrainConfig load(Path file, Map<String, String> overrides) {
    return load(file, overrides, false);
  }

  /**
   * Loads a run's {@code config.yaml} (to resume, evaluate or summarise the run) like {@link
   * #load}. A model section without {@code pooling} or {@code stem_downsample}, written before
   * those keys existed, keeps its original meaning ({@link ModelConfig#LEGACY_VALUES}) whatever the
   * defaults are.
   */
  public static TrainConfig loadRun(Path runConfig, Map<String, String> overrides) {
    return load(runConfig, overrides, true);
  }

  private static TrainConfig load(Path file, Map<String, String> overrides, boolean run) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (file != null) {
      JsonNode user = read(file);
      if (user != null && !user.isNull()) {
        if (!user.isObject()) {
          throw new IllegalArgumentException("config file " + file + " must hold a mapping");
        }
        flatten(user, "", values);
        if (run && values.keySet().stream().anyMatch(k -> k.startsWith("model."))) {
          ModelConfig.LEGACY_VALUES.forEach(values::putIfAbsent);
        }
      }
    }
    overrides.forEach(
        (key, text) -> {
          if (!TrainConfig.KEYS.names().contains(key)) {
            throw unknownKey(key);
          }
          values.put(key, value(parse(key, text), key));
        });
    return TrainConfig.of(ConfigKeys.parse(TrainConfig.KEYS, values)).validate();
  }

  /** The effective configuration as YAML (written beside a run's results). */
  public static String toYaml(TrainConfig config) {
    try {
      return YAML.copy()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return YAML.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "config file " + file + " is not valid YAML/JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e, e);
    }
  }

  /** Dotted key to value for each leaf; a mapping that is neither a key nor a section fails. */
  private static void flatten(JsonNode node, String prefix, Map<String, Object> out) {
    Set<String> keys = TrainConfig.KEYS.names();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix + field.getKey();
      if (keys.contains(key)) {
        out.put(key, value(field.getValue(), key));
      } else if (field.getValue().isObject()
          && keys.stream().anyMatch(k -> k.startsWith(key + "."))) {
        flatten(field.getValue(), key + ".", out);
      } else {
        throw unknownKey(key);
      }
    }
  }

  /** A leaf as {@link org.apache.kafka.common.config.ConfigDef#parse} reads it: text or a list. */
  private static Object value(JsonNode node, String key) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isValueNode()) {
          throw new IllegalArgumentException(key + " must be a list of values, got " + node);
        }
        items.add(item.asText());
      }
      return items;
    }
    if (!node.isValueNode()) {
      throw new IllegalArgumentException(key + " takes a value, not a mapping: " + node);
    }
    return node.asText();
  }

  private static JsonNode parse(String key, String text) {
    try {
      return YAML.readTree(text == null ? "null" : text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "value '" + text + "' for " + key + " is not valid: " + e.getOriginalMessage(), e);
    }
  }

  private static IllegalArgumentException unknownKey(String key) {
    return new IllegalArgumentException(
        "unknown config key '"
            + key
            + "'"
            + KeySuggestions.closest(key, TrainConfig.KEYS.names())
                .map(k -> "; did you mean " + k + "?")
                .orElse("; keys are listed in docs/training.md"));
  }
}
