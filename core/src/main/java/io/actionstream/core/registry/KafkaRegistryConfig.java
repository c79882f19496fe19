package io.actionstream.core.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link KafkaRegistry} stores the registry.
 *
 * @param clientProperties Kafka client settings: {@code bootstrap.servers} and any security
 *     settings, given to its admin client, producer and consumers
 * @param packagesTopic the compacted topic of package chunks and indexes
 * @param eventsTopic the compacted, one-partition topic of registry events
 * @param chunkBytes the largest chunk of a package file in one record; below the topic's and the
 *     brokers' {@code max.message.bytes} less {@value KafkaRegistry#RECORD_OVERHEAD} bytes
 * @param createTopics whether missing topics are created (one partition, compacted)
 * @param replicationFactor the replication factor of created topics; -1 for the broker's {@code
 *     default.replication.factor}
 */
public record KafkaRegistryConfig(
    Map<String, Object> clientProperties,
    String packagesTopic,
    String eventsTopic,
    int chunkBytes,
    boolean createTopics,
    short replicationFactor) {
  /** The default packages topic. */
  public static final String DEFAULT_PACKAGES_TOPIC = "actionstream-model-packages";

  /** The default events topic. */
  public static final String DEFAULT_EVENTS_TOPIC = "actionstream-model-events";

  /** The default chunk size, 512 KiB: under Kafka's default 1 MiB record limit. */
  public static final int DEFAULT_CHUNK_BYTES = 512 * 1024;

  /** The smallest and largest chunk sizes accepted. */
  public static final int MIN_CHUNK_BYTES = 1024;

  public static final int MAX_CHUNK_BYTES = 64 * 1024 * 1024;

  public KafkaRegistryConfig {
    clientProperties = Map.copyOf(clientProperties);
    if (!clientProperties.containsKey("bootstrap.servers")) {
      throw new IllegalArgumentException("the registry's client settings need bootstrap.servers");
    }
    Objects.requireNonNull(packagesTopic, "packagesTopic");
    Objects.requireNonNull(eventsTopic, "eventsTopic");
    if (packagesTopic.equals(eventsTopic)) {
      throw new IllegalArgumentException(
          "the registry needs two topics; both are named '" + packagesTopic + "'");
    }
    if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "registry chunk size "
              + chunkBytes
              + " is outside ["
              + MIN_CHUNK_BYTES
              + ", "
              + MAX_CHUNK_BYTES
              + "] bytes");
    }
    if (replicationFactor < 1 && replicationFactor != -1) {
      throw new IllegalArgumentException(
          "replication factor " + replicationFactor + " is neither positive nor -1 (the broker's)");
    }
  }

  /** The replication factor of created topics, empty for the broker's default. */
  Optional<Short> replicationFactorIfSet() {
    return replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor);
  }

  /** The default topics and chunk size, topics created with replication factor 1 if missing. */
  public static KafkaRegistryConfig defaults(Map<String, Object> clientProperties) {
    return new KafkaRegistryConfig(
        clientProperties,
        DEFAULT_PACKAGES_TOPIC,
        DEFAULT_EVENTS_TOPIC,
        DEFAULT_CHUNK_BYTES,
        true,
        (short) 1);
  }
}
