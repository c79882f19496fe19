package io.actionstream.cli;

import io.actionstream.cli.kafka.LocalKafka;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.topology.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream broker}: a single-node KRaft Kafka broker in this process ({@link
 * LocalKafka}) with ActionStream's topics, until Ctrl-C or SIGTERM (then a clean shutdown).
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Run a single-node KRaft Kafka broker in this process until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Client port; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Keep the broker's data here (default: a temporary directory deleted on exit).")
  Path dataDir;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of each ActionStream topic created (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--no-topics",
      description = "Do not create the topics frames, clips, queries, predictions, answers, dlq.")
  boolean noTopics;

  /** Counted down to stop the broker without a signal (tests). */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw Usage.invalid(spec, "--port", "expected 0..65535, got " + port);
    }
    if (partitions < 1) {
      throw Usage.invalid(spec, "--partitions", "expected >= 1, got " + partitions);
    }
    PrintWriter out = spec.commandLine().getOut();
    LocalKafka kafka = LocalKafka.start(port, dataDir);
    Thread hook = new Thread(() -> shutdown(kafka, out), "actionstream-broker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.println("Kafka (single-node KRaft broker) is up.");
      out.println("  bootstrap.servers  " + kafka.bootstrapServers());
      out.println(
          "  data               "
              + kafka.dataDir().toAbsolutePath()
              + (dataDir == null ? " (temporary, deleted on exit)" : " (kept)"));
      if (!noTopics) {
        List<String> names = Topics.of(StreamProcessorsConfig.defaults()).names();
        kafka.createTopics(names, partitions);
        out.printf(
            "  topics             %s (%d partitions each)%n", String.join(", ", names), partitions);
      }
      out.println("Ctrl-C stops it.");
      out.flush();
      stop.await();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        shutdown(kafka, out);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting (Ctrl-C): the hook stops the broker
      }
    }
    return ActionStreamCli.EXIT_OK;
  }

  private static void shutdown(LocalKafka kafka, PrintWriter out) {
    kafka.close();
    out.println("Kafka stopped.");
    out.flush();
  }
}
