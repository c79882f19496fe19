package io.actionstream.trainer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a {@link TrainConfig}: the bundled {@code defaults.yaml}, then a user file (YAML or JSON)
 * merged over it, then {@code key=value} overrides with dotted keys ({@code training.epochs=3}).
 * Unknown keys and bad values fail with a message naming the key.
 */
public final class TrainConfigLoader {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** What a run's model section means without these keys (written before they existed). */
  private static final Map<String, JsonNode> LEGACY_MODEL =
      Map.of(
          "pooling", TextNode.valueOf("avg4"),
          "stem_downsample", TextNode.valueOf("stride"));

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
   * those keys existed, keeps its original meaning ({@code avg4}, {@code stride}) whatever the
   * defaults are.
   */
  public static TrainConfig loadRun(Path runConfig, Map<String, String> overrides) {
    return load(runConfig, overrides, true);
  }

  private static TrainConfig load(Path file, Map<String, String> overrides, boolean run) {
    ObjectNode tree = defaultsTree();
    if (file != null) {
      JsonNode user;
      try {
        user = YAML.readTree(Files.readString(file));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "config file " + file + " is not valid YAML/JSON: " + e.getOriginalMessage(), e);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + file + ": " + e, e);
      }
      if (user != null && !user.isNull()) {
        if (!user.isObject()) {
          throw new IllegalArgumentException("config file " + file + " must hold a mapping");
        }
        if (run && user.get("model") instanceof ObjectNode model) {
          LEGACY_MODEL.forEach(model::putIfAbsent);
        }
        merge(tree, (ObjectNode) user, "");
      }
    }
    overrides.forEach((key, value) -> set(tree, key, value));
    return bind(tree).validate();
  }

  /** The effective configuration as YAML (written beside a run's results). */
  public static String toYaml(TrainConfig config) {
    try {
      return YAML.copy()
          .setPropertyNamingStrategy(
              com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode defaultsTree() {
    try (InputStream in = TrainConfigLoader.class.getResourceAsStream("defaults.yaml")) {
      if (in == null) {
        throw new IllegalStateException("defaults.yaml is missing from the trainer jar");
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void merge(ObjectNode base, ObjectNode update, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> fields = update.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix + field.getKey();
      JsonNode current = base.get(field.getKey());
      if (current == null) {
        throw unknownKey(key, base, prefix);
      }
      if (current.isObject() && field.getValue().isObject()) {
        merge((ObjectNode) current, (ObjectNode) field.getValue(), key + ".");
      } else {
        base.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void set(ObjectNode tree, String dottedKey, String value) {
    String[] parts = dottedKey.split("\\.");
    ObjectNode node = tree;
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null || !child.isObject()) {
        throw unknownKey(prefix + parts[i], node, prefix.toString());
      }
      prefix.append(parts[i]).append('.');
      node = (ObjectNode) child;
    }
    String last = parts[parts.length - 1];
    if (!node.has(last)) {
      throw unknownKey(dottedKey, node, prefix.toString());
    }
    try {
      node.set(last, YAML.readTree(value == null ? "null" : value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "value '" + value + "' for " + dottedKey + " is not valid: " + e.getOriginalMessage(), e);
    }
  }

  private static IllegalArgumentException unknownKey(String key, JsonNode parent, String prefix) {
    List<String> known = new java.util.ArrayList<>();
    parent.fieldNames().forEachRemaining(n -> known.add(prefix + n));
    return new IllegalArgumentException(
        "unknown config key '" + key + "'; known keys here: " + known);
  }

  private static TrainConfig bind(ObjectNode tree) {
    try {
      return YAML.treeToValue(tree, TrainConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException("unknown config key '" + path(e) + "'", e);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(
          "config key '" + path(e) + "' has a bad value: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid config: " + e.getOriginalMessage(), e);
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
