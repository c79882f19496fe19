package io.actionstream.cli;

import io.actionstream.core.cli.KafkaClientOptions;
import io.actionstream.core.registry.DirectoryRegistry;
import io.actionstream.core.registry.KafkaRegistry;
import io.actionstream.core.registry.KafkaRegistryConfig;
import io.actionstream.core.registry.ModelRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the {@code actionstream model} registry commands find the registry: Kafka topics (the
 * default, docs/model-registry.md) or, with {@code --registry-dir}, a local directory.
 */
final class RegistryOptions {
  @Mixin KafkaClientOptions kafka = new KafkaClientOptions();

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
    return KafkaRegistry.open(kafka.registry(chunkBytes, !noCreateTopics, replicationFactor));
  }
}
