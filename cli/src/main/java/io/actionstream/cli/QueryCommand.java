package io.actionstream.cli;

import io.actionstream.cli.kafka.QueryClient;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.AnswerStatus;
import io.actionstream.core.wire.Query;
import io.actionstream.core.wire.StreamIds;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream query}: asks chosen properties of a stream's latest clip (a masked-property
 * query) and prints the answer. Exits with {@link ActionStreamCli#EXIT_ANSWER_ERROR} when the
 * answer's status is not OK.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Ask chosen properties of a stream's latest clip and print the answer.")
final class QueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Option(names = "--stream-id", required = true, description = "The stream asked about.")
  String streamId;

  @Option(
      names = "--ask",
      required = true,
      split = ",",
      paramLabel = "PROPERTY",
      description = "Properties to answer, e.g. colour,shape (of: size, colour, shape, action).")
  List<String> ask;

  @Option(names = "--query-id", description = "Query id (default: a random one).")
  String queryId;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long to wait for the answer (default ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Option(names = "--queries-topic", defaultValue = "queries", description = "(default queries)")
  String queriesTopic;

  @Option(names = "--answers-topic", defaultValue = "answers", description = "(default answers)")
  String answersTopic;

  @Override
  public Integer call() {
    Query query = query();
    if (!(timeoutSeconds > 0)) {
      throw Usage.invalid(spec, "--timeout", "expected > 0 seconds, got " + timeoutSeconds);
    }
    Answer answer;
    try (QueryClient client = new QueryClient(kafka.bootstrapServers, queriesTopic, answersTopic)) {
      answer = client.ask(query, Duration.ofMillis((long) (timeoutSeconds * 1000)));
    }
    spec.commandLine().getOut().println(RecordLines.answer(answer));
    return answer.status() == AnswerStatus.OK
        ? ActionStreamCli.EXIT_OK
        : ActionStreamCli.EXIT_ANSWER_ERROR;
  }

  /** The query the options describe; property names checked against the default schema. */
  Query query() {
    if (!StreamIds.isValid(streamId)) {
      throw Usage.invalid(
          spec, "--stream-id", "expected 1 to 256 UTF-8 bytes, got '" + streamId + "'");
    }
    List<String> known = PropertySchema.defaultSchema().slotNames();
    for (String property : ask) {
      if (!known.contains(property)) {
        throw Usage.invalid(
            spec, "--ask", "unknown property '" + property + "', expected some of " + known);
      }
    }
    if (new HashSet<>(ask).size() != ask.size()) {
      throw Usage.invalid(spec, "--ask", "a property is named twice: " + ask);
    }
    String id = queryId != null ? queryId : "q-" + UUID.randomUUID().toString().substring(0, 8);
    if (id.isBlank()) {
      throw Usage.invalid(spec, "--query-id", "must not be blank");
    }
    return Query.of(id, streamId, ask, System.currentTimeMillis());
  }
}
