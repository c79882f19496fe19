package io.actionstream.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * docs/training.md's configuration table and the bundled defaults.yaml name the same keys with the
 * same defaults (a row may name several keys: {@code `model.frames`, `model.height`} with {@code
 * 16, 64}).
 */
class TrainingDocTest {
  @Test
  void theConfigurationTableMatchesTheBundledDefaults() throws Exception {
    Map<String, String> defaults = new TreeMap<>();
    try (InputStream in =
        TrainConfigLoader.class.getResourceAsStream(
            "/io/actionstream/trainer/config/defaults.yaml")) {
      flatten("", new ObjectMapper(new YAMLFactory()).readTree(in), defaults);
    }
    Map<String, String> documented = new TreeMap<>();
    String doc = Files.readString(Path.of("..", "docs", "training.md"));
    int start = doc.indexOf("\n## Configuration\n");
    String section = doc.substring(start, doc.indexOf("\n## ", start + 5));
    for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
      String[] cells = line.split("\\|");
      List<String> keys = List.of(cells[1].strip().replace("`", "").split(",\\s*"));
      String value = cells[2].strip().replace("`", "");
      List<String> values = keys.size() == 1 ? List.of(value) : List.of(value.split(",\\s*"));
      assertEquals(keys.size(), values.size(), "a default per key in: " + line);
      for (int i = 0; i < keys.size(); i++) {
        documented.put(keys.get(i), values.get(i));
      }
    }
    assertTrue(documented.size() >= 30, "rows read: " + documented.keySet());
    assertEquals(defaults.keySet(), documented.keySet(), "keys of defaults.yaml and the table");
    Map<String, String> differ = new LinkedHashMap<>();
    defaults.forEach(
        (k, v) -> {
          if (!normalise(v).equals(normalise(documented.get(k)))) {
            differ.put(k, "yaml " + v + " vs docs " + documented.get(k));
          }
        });
    assertEquals(Map.of(), differ, "defaults that differ");
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else {
      out.put(prefix, node.isTextual() ? node.asText() : node.toString());
    }
  }

  /**
   * {@code [16,32]} and {@code [16, 32]} are the same default, as are {@code 4.0} and {@code 4}.
   */
  private static String normalise(String v) {
    String s = v.replace(" ", "");
    return s.matches("-?\\d+\\.0") ? s.substring(0, s.length() - 2) : s;
  }
}
