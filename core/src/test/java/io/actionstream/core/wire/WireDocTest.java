package io.actionstream.core.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/wire-format.md is the contract for other languages: it must list every code and header. */
class WireDocTest {
  private static String doc() throws IOException {
    Path path = Path.of("..", "docs", "wire-format.md");
    if (!Files.exists(path)) {
      path = Path.of("docs", "wire-format.md");
    }
    return Files.readString(path);
  }

  @Test
  void shouldDocumentEveryErrorCode() throws IOException {
    String doc = doc();
    for (WireError e : WireError.values()) {
      assertTrue(doc.contains("`" + e.name() + "`"), "docs/wire-format.md lacks " + e.name());
    }
    assertTrue(doc.contains("`" + DeadLetters.PROCESSING_ERROR + "`"));
  }

  @Test
  void shouldDocumentEveryHeaderName() throws IOException, IllegalAccessException {
    String doc = doc();
    for (Field f : WireHeaders.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String value = (String) f.get(null);
        if (value.startsWith(WireHeaders.PREFIX) && value.length() > WireHeaders.PREFIX.length()) {
          assertTrue(doc.contains("`" + value + "`"), "docs/wire-format.md lacks " + value);
        }
      }
    }
  }
}
