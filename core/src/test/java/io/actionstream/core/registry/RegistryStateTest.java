package io.actionstream.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.actionstream.core.registry.ModelVersion.Status;
import io.actionstream.core.registry.RegistryEvent.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Replay of crafted event logs: every event that does not fit the state before it, as a racing or
 * foreign writer could leave, is skipped the same way by every reader.
 */
class RegistryStateTest {
  private final List<RegistryEvent> log = new ArrayList<>();

  private void add(Type type, String version, String previous) {
    log.add(
        new RegistryEvent(
            "e" + log.size(),
            type,
            version,
            type == Type.PUBLISHED ? "m" : null,
            type == Type.PUBLISHED ? "sha-" + version : null,
            previous,
            "2026-12-04T00:00:00Z",
            "test",
            "why",
            Map.of()));
  }

  @Test
  void shouldSkipEventsThatDoNotFitTheStateBeforeThem() {
    add(Type.PUBLISHED, "v1", null);
    add(Type.PUBLISHED, "v1", null); // a second publish of v1: skipped, the first wins
    add(Type.PUBLISHED, "v2", null);
    add(Type.PROMOTED, "v9", null); // unknown
    add(Type.PROMOTED, "v1", null);
    add(Type.PROMOTED, "v1", null); // serves already
    add(Type.RETIRED, "v1", null); // serving
    add(Type.ROLLED_BACK, "v2", "v1"); // nothing served before v1
    add(Type.RETIRED, "v2", null);
    add(Type.PROMOTED, "v2", "v1"); // retired
    RegistryState s = RegistryState.replay(log);
    assertEquals(Optional.of("v1"), s.serving());
    assertEquals(Status.RETIRED, s.require("v2").status());
    assertEquals("sha-v1", s.require("v1").sha256());
    assertEquals(
        List.of("e0", "e2", "e4", "e8"), s.events().stream().map(RegistryEvent::id).toList());
  }

  @Test
  void shouldSkipVersionNamesThatCouldBePathsOrKeyPrefixes() {
    for (String bad : List.of("..", "../../etc", "/tmp/x", "a/b", ".hidden", "", "x..y")) {
      add(Type.PUBLISHED, bad, null);
      add(Type.PROMOTED, bad, null);
    }
    RegistryState s = RegistryState.replay(log);
    assertEquals(List.of(), s.versions());
    assertEquals(Optional.empty(), s.serving());
  }

  @Test
  void shouldSkipARollbackToAnotherVersionThanThePreviousOne() {
    add(Type.PUBLISHED, "v1", null);
    add(Type.PUBLISHED, "v2", null);
    add(Type.PUBLISHED, "v3", null);
    add(Type.PROMOTED, "v1", null);
    add(Type.PROMOTED, "v2", "v1");
    add(Type.PROMOTED, "v3", "v2");
    add(Type.ROLLED_BACK, "v1", "v3"); // stale: v2 served before v3
    add(Type.ROLLED_BACK, "v2", "v3");
    RegistryState s = RegistryState.replay(log);
    assertEquals(Optional.of("v2"), s.serving());
    assertEquals(Optional.of("v1"), s.rollbackTarget());
  }
}
