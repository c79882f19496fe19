package io.actionstream.cli;

import io.actionstream.cli.kafka.KafkaClients;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream watch}: follows the predictions, answers and/or dead-letter topics ({@code
 * read_committed}) and prints one readable line per record ({@link RecordLines}).
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Print predictions, answers and dead letters as they arrive, one line each.")
final class WatchCommand implements Callable<Integer> {
  static final List<String> ROLES = List.of("predictions", "answers", "dlq");

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Option(
      names = "--show",
      split = ",",
      defaultValue = "predictions,answers",
      description = "What to follow: predictions, answers, dlq (default ${DEFAULT-VALUE}).")
  List<String> show;

  @Option(
      names = "--predictions-topic",
      defaultValue = "predictions",
      description = "(default ${DEFAULT-VALUE})")
  String predictionsTopic;

  @Option(
      names = "--answers-topic",
      defaultValue = "answers",
      description = "(default ${DEFAULT-VALUE})")
  String answersTopic;

  @Option(names = "--dlq-topic", defaultValue = "dlq", description = "(default ${DEFAULT-VALUE})")
  String dlqTopic;

  @Option(
      names = "--from-beginning",
      description = "Start at the beginning of the topics (default: only new records).")
  boolean fromBeginning;

  @Option(
      names = "--max",
      defaultValue = "0",
      description = "Stop after N records (default: no limit).")
  long max;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Stop after this many seconds (default: run until Ctrl-C).")
  double timeoutSeconds;

  @Override
  public Integer call() {
    if (max < 0) {
      throw Usage.invalid(spec, "--max", "expected >= 0, got " + max);
    }
    if (timeoutSeconds < 0) {
      throw Usage.invalid(spec, "--timeout", "expected >= 0 seconds, got " + timeoutSeconds);
    }
    Map<String, String> roleOfTopic = new HashMap<>();
    for (String role : show) {
      String topic =
          switch (role) {
            case "predictions" -> predictionsTopic;
            case "answers" -> answersTopic;
            case "dlq" -> dlqTopic;
            default ->
                throw Usage.invalid(
                    spec, "--show", "expected some of " + ROLES + ", got '" + role + "'");
          };
      roleOfTopic.put(topic, role);
    }
    PrintWriter out = spec.commandLine().getOut();
    long seen = 0;
    long end =
        timeoutSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (timeoutSeconds * 1e9);
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.follower(
            kafka.bootstrapServers, new ArrayList<>(roleOfTopic.keySet()), fromBeginning)) {
      while (System.nanoTime() < end && (max == 0 || seen < max)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.println(RecordLines.of(roleOfTopic.get(r.topic()), r, System.currentTimeMillis()));
          out.flush();
          if (++seen == max) {
            break;
          }
        }
      }
    }
    return ActionStreamCli.EXIT_OK;
  }
}
