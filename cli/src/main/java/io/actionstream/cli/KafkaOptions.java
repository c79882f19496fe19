package io.actionstream.cli;

import picocli.CommandLine.Option;

/** The {@code --bootstrap-server} option of the commands that talk to a broker. */
final class KafkaOptions {
  @Option(
      names = {"-b", "--bootstrap-server"},
      paramLabel = "HOST:PORT",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String bootstrapServers;
}
