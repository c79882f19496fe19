package io.actionstream.core.registry;

import java.util.Map;

/**
 * One published version as the registry sees it now.
 *
 * @param version the manifest's version, unique in the registry
 * @param name the manifest's model name
 * @param sha256 the model file's SHA-256 (from the manifest)
 * @param publishedAt ISO-8601 instant of publication
 * @param publishedBy who published it
 * @param metrics the figures it was published with
 * @param status serving, available or retired
 */
public record ModelVersion(
    String version,
    String name,
    String sha256,
    String publishedAt,
    String publishedBy,
    Map<String, Double> metrics,
    Status status) {

  /** Where a version stands. */
  public enum Status {
    /** The version the service serves. */
    SERVING,
    /** Published; may be promoted. */
    AVAILABLE,
    /** Published, then judged not good enough by a gate; a person may still promote it. */
    REJECTED,
    /** Retired: may not be promoted, its package is gone. */
    RETIRED
  }

  public ModelVersion {
    metrics = Map.copyOf(metrics);
  }

  ModelVersion withStatus(Status s) {
    return new ModelVersion(version, name, sha256, publishedAt, publishedBy, metrics, s);
  }
}
