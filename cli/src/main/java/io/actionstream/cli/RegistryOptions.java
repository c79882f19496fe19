package io.actionstream.cli;

import io.actionstream.core.registry.DirectoryRegistry;
import io.actionstream.core.registry.KafkaRegistry;
import io.actionstream.core.registry.KafkaRegistryConfig;
import io.actionstream.core.registry.ModelRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the {@code actionstream model} registry commands find the registry: Kafka topics (the
 * default, docs/model-registry.md) or, with {@code --registry-dir}, a local directory.
 */
final class RegistryOptions {
  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*) for the registry's clients.")
  Path commandConfig;

  @Option(
      names = "--packages-topic",
      paramLabel = "TOPIC",
      defaultValue = KafkaRegistryConfig.DEFAULT_PACKAGES_TOPIC,
      description = "Compacted topic of package chunks (default ${DEFAULT-VALUE}).")
  String packagesTopic;

  @Option(
      names = "--events-topic",
      paramLabel = "TOPIC",
      defaultValue = KafkaRegistryConfig.DEFAULT_EVENTS_TOPIC,
      description = "Compacted one-partition topic of registry events (default ${DEFAULT-VALUE}).")
  String eventsTopic;

  @Option(
      names = "--chunk-bytes",
      paramLabel = "BYTES",
      defaultValue = "" + KafkaRegistryConfig.DEFAULT_CHUNK_BYTES,
      description =
          "Largest piece of a package file in one record, under the topic's max.message.bytes"
              + " (default ${DEFAULT-VALUE}).")
  int chunkBytes;

  @Option(
      names = "--no-create-topics",
      description =
          "Fail when the registry topics are missing instead of creating them (one partition,"
              + " compacted).")
  boolean noCreateTopics;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "-1",
      description = "Replication factor of created topics; -1 = the broker's default (default).")
  short replicationFactor;

  @Option(
      names = "--registry-dir",
      paramLabel = "DIR",
      description = "Use the registry in this directory instead of Kafka (local use).")
  Path directory;

  /** Opens the registry these options name. */
  ModelRegistry open() {
    if (directory != null) {
      return DirectoryRegistry.open(directory);
    }
    Map<String, Object> client = new HashMap<>();
    if (commandConfig != null) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(commandConfig)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --command-config " + commandConfig, e);
      }
      p.forEach((k, v) -> client.put(String.valueOf(k), v));
    }
    client.put("bootstrap.servers", kafka.bootstrapServers);
    return KafkaRegistry.open(
        new KafkaRegistryConfig(
            client, packagesTopic, eventsTopic, chunkBytes, !noCreateTopics, replicationFactor));
  }
}
