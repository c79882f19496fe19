package io.actionstream.core.cli;

import io.actionstream.core.registry.KafkaRegistryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The Kafka connection and registry topic options shared by the commands that use the model
 * registry ({@code actionstream model ...}, {@code actionstream-train retrain}): {@code -b}, {@code
 * --command-config} for security settings, and the two registry topics. Security settings may also
 * come from environment variables named as the service's ({@code ACTIONSTREAM_SASL_JAAS_CONFIG} for
 * {@code sasl.jaas.config}; only {@code security.*}, {@code sasl.*} and {@code ssl.*}), so that a
 * Kubernetes Secret can reach them without a file.
 */
public final class KafkaClientOptions {
  /** The environment this process was started with; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Option(
      names = {"-b", "--bootstrap-server"},
      paramLabel = "HOST:PORT",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description = "Kafka client properties (security.protocol, sasl.*, ssl.*).")
  Path commandConfig;

  @Option(
      names = "--packages-topic",
      paramLabel = "TOPIC",
      defaultValue = KafkaRegistryConfig.DEFAULT_PACKAGES_TOPIC,
      description = "Registry topic of package chunks (default ${DEFAULT-VALUE}).")
  String packagesTopic;

  @Option(
      names = "--events-topic",
      paramLabel = "TOPIC",
      defaultValue = KafkaRegistryConfig.DEFAULT_EVENTS_TOPIC,
      description = "Registry topic of events, one partition (default ${DEFAULT-VALUE}).")
  String eventsTopic;

  /**
   * Client settings: the security environment variables, then {@code --command-config}'s
   * properties, then {@code bootstrap.servers}.
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> client = new HashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(EnvironmentKeys.PREFIX)) {
            String key = EnvironmentKeys.keyOf(name);
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
              client.put(key, value);
            }
          }
        });
    if (commandConfig != null) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(commandConfig)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --command-config " + commandConfig, e);
      }
      p.forEach((k, v) -> client.put(String.valueOf(k), v));
    }
    client.put("bootstrap.servers", bootstrapServers);
    return client;
  }

  /** The registry on these topics with these clients. */
  public KafkaRegistryConfig registry(int chunkBytes, boolean createTopics, short replication) {
    return new KafkaRegistryConfig(
        clientProperties(), packagesTopic, eventsTopic, chunkBytes, createTopics, replication);
  }
}
