package io.actionstream.core.registry;

import io.actionstream.core.registry.ModelVersion.Status;
import io.actionstream.core.registry.RegistryException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the registry holds after a sequence of {@link RegistryEvent}s: the published versions, which
 * one serves, and the promotion history a rollback walks back through.
 *
 * <p>Replay is deterministic, so every reader of one event log agrees. An event that does not fit
 * the state before it (a promotion of an unknown or retired version, written by a racing writer) or
 * that names an invalid version is skipped by every reader alike. Promotions push onto the serving
 * history; a rollback pops it, so repeated rollbacks walk back through earlier versions; retiring a
 * version removes it from the history.
 */
public final class RegistryState {
  private final Map<String, ModelVersion> versions = new LinkedHashMap<>();
  private final List<String> history = new ArrayList<>();
  private final List<RegistryEvent> events = new ArrayList<>();

  /** The state of an empty registry. */
  public RegistryState() {}

  /** The state after replaying {@code log} in order. */
  public static RegistryState replay(List<RegistryEvent> log) {
    RegistryState state = new RegistryState();
    log.forEach(state::apply);
    return state;
  }

  /**
   * Applies one more event.
   *
   * @return whether it changed the state (false for an event that does not fit it)
   */
  boolean apply(RegistryEvent e) {
    if (!fits(e)) {
      return false;
    }
    switch (e.type()) {
      case PUBLISHED ->
          versions.put(
              e.version(),
              new ModelVersion(
                  e.version(),
                  e.name(),
                  e.sha256(),
                  e.time(),
                  e.actor(),
                  e.metrics(),
                  Status.AVAILABLE));
      case PROMOTED -> history.add(e.version());
      case ROLLED_BACK -> history.remove(history.size() - 1);
      case RETIRED -> {
        versions.computeIfPresent(e.version(), (k, v) -> v.withStatus(Status.RETIRED));
        history.removeIf(e.version()::equals);
        collapseRepeats();
      }
      case REJECTED ->
          versions.computeIfPresent(e.version(), (k, v) -> v.withStatus(Status.REJECTED));
    }
    events.add(e);
    return true;
  }

  private boolean fits(RegistryEvent e) {
    if (!RegistryEvent.isVersionName(e.version())) {
      return false; // written by something else than a registry: never a path or a key prefix
    }
    ModelVersion known = versions.get(e.version());
    return switch (e.type()) {
      case PUBLISHED -> known == null;
      case PROMOTED ->
          known != null
              && known.status() != Status.RETIRED
              && !serving().map(e.version()::equals).orElse(false);
      case ROLLED_BACK ->
          history.size() >= 2 && history.get(history.size() - 2).equals(e.version());
      case RETIRED, REJECTED ->
          known != null
              && known.status() != Status.RETIRED
              && !serving().map(e.version()::equals).orElse(false);
    };
  }

  private void collapseRepeats() {
    for (int i = history.size() - 1; i > 0; i--) {
      if (history.get(i).equals(history.get(i - 1))) {
        history.remove(i);
      }
    }
  }

  /** The serving version, if one was promoted. */
  public Optional<String> serving() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }

  /** The version a rollback would serve: the one promoted before the serving one. */
  public Optional<String> rollbackTarget() {
    return history.size() < 2 ? Optional.empty() : Optional.of(history.get(history.size() - 2));
  }

  /** Every published version in publication order, retired ones included, with its status. */
  public List<ModelVersion> versions() {
    String now = serving().orElse(null);
    List<ModelVersion> all = new ArrayList<>();
    for (ModelVersion v : versions.values()) {
      all.add(v.version().equals(now) ? v.withStatus(Status.SERVING) : v);
    }
    return Collections.unmodifiableList(all);
  }

  /** One version with its status. */
  public Optional<ModelVersion> version(String version) {
    return versions().stream().filter(v -> v.version().equals(version)).findFirst();
  }

  /**
   * One version that must exist.
   *
   * @throws RegistryException {@code UNKNOWN_VERSION}
   */
  public ModelVersion require(String version) {
    return version(version)
        .orElseThrow(
            () ->
                new RegistryException(
                    Reason.UNKNOWN_VERSION,
                    "no version '" + version + "' was published (see actionstream model list)"));
  }

  /** The events that made this state, in order (skipped ones left out). */
  public List<RegistryEvent> events() {
    return Collections.unmodifiableList(events);
  }

  /** The events about one version, in order. */
  public List<RegistryEvent> events(String version) {
    return events.stream()
        .filter(e -> e.version().equals(version) || version.equals(e.previous()))
        .toList();
  }
}
