package io.actionstream.trainer.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.util.ConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/training.md's configuration table is the key table {@link TrainConfig#KEYS} rendered: every
 * key, default, valid range and meaning exactly as declared, in declaration order.
 */
class TrainingDocTest {
  @Test
  void theConfigurationTableShouldBeTheDeclaredKeyTable() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "training.md"));
    int start = doc.indexOf("\n## Configuration\n");
    assertTrue(start >= 0, "docs/training.md has no '## Configuration'");
    String section = doc.substring(start, doc.indexOf("\n## ", start + 5));
    String table = ConfigKeys.markdownTable(TrainConfig.KEYS);
    assertTrue(
        section.contains("\n" + table),
        "docs/training.md's ## Configuration table must read, exactly:\n" + table);
  }
}
