package io.actionstream.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The registry contract on the directory store, plus its torn-line handling. */
class DirectoryRegistryTest extends ModelRegistryContract {
  private Path root() {
    return work.resolve("registry");
  }

  @Override
  ModelRegistry openRegistry() {
    return DirectoryRegistry.open(root());
  }

  @Override
  void corruptStoredModel(String version) throws Exception {
    Path model = root().resolve("packages").resolve(version).resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(model, bytes);
  }

  @org.junit.jupiter.api.Test
  void shouldSkipAGarbledLineAndWaitForALineBeingWritten() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      r.publish(publishable("v1", 0), change("one"));
      Path events = root().resolve(DirectoryRegistry.EVENTS_FILE);
      Files.writeString(
          events,
          "not json\n{\"id\":\"x\",\"type\":\"PROMO",
          java.nio.file.StandardOpenOption.APPEND);
      try (ModelRegistry other = openRegistry()) {
        assertEquals(
            List.of("v1"), other.state().versions().stream().map(ModelVersion::version).toList());
        assertEquals(1, other.state().events().size());
        other.publish(publishable("v2", 0), change("after the torn line"));
      }
      assertEquals(
          List.of("v1", "v2"), r.state().versions().stream().map(ModelVersion::version).toList());
    }
  }
}
