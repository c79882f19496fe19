package io.actionstream.core.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One change of the registry, as stored in its event log (docs/model-registry.md): the registry's
 * state is what replaying these in order gives ({@link RegistryState}).
 *
 * @param id unique id of the event (a UUID), also its Kafka record key
 * @param type what happened
 * @param version the version the event is about: published, promoted, rolled back to, retired,
 *     rejected
 * @param name the model's name (the manifest's); on {@code PUBLISHED} only
 * @param sha256 the model file's SHA-256 (the manifest's); on {@code PUBLISHED} only
 * @param previous the version that served before a promotion or rollback; null otherwise
 * @param time ISO-8601 instant the event was written
 * @param actor who made the change, e.g. {@code alice@build-7} or {@code retrain-job}
 * @param reason why
 * @param metrics the figures the change was judged on (the package's evaluation and any gate's)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistryEvent(
    String id,
    Type type,
    String version,
    String name,
    String sha256,
    String previous,
    String time,
    String actor,
    String reason,
    Map<String, Double> metrics) {

  /** What an event records. */
  public enum Type {
    /** A package was stored under a new version. */
    PUBLISHED,
    /** A version was made the serving one. */
    PROMOTED,
    /** The serving version was replaced by the one that served before it. */
    ROLLED_BACK,
    /** A version may no longer be promoted; its package is deleted. */
    RETIRED,
    /** A gate (the retraining job's) judged a published version not good enough to serve. */
    REJECTED
  }

  /** Version names: what a file name and a Kafka key prefix can carry. */
  private static final Pattern VERSION_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:=-]{0,199}");

  /** Whether {@code version} is a valid version name: 1-200 of letters, digits and ._+:=- . */
  public static boolean isVersionName(String version) {
    return version != null && VERSION_NAME.matcher(version).matches() && !version.contains("..");
  }

  public RegistryEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
