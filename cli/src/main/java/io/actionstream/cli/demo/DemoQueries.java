package io.actionstream.cli.demo;

import io.actionstream.cli.RecordLines;
import io.actionstream.cli.kafka.QueryClient;
import io.actionstream.cli.produce.SyntheticSource;
import io.actionstream.cli.produce.SyntheticSource.SyntheticClip;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.Query;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's masked-property queries: only {@code colour} of the first stream, only {@code shape}
 * and {@code action} of the last, and {@code size} of a stream that does not exist; each answer is
 * printed with the true words.
 */
final class DemoQueries {
  private final PrintWriter out;

  DemoQueries(PrintWriter out) {
    this.out = out;
  }

  /** Asks the three queries and prints each answer next to the truth. */
  List<Answer> ask(QueryClient queries, SyntheticSource source, Duration timeout) {
    Console.step(
        out, "masked-property queries (each asks only some properties of a stream's latest clip)");
    List<String> streams = source.streamIds();
    List<Query> asked =
        List.of(
            Query.of("demo-q1", streams.get(0), List.of("colour"), System.currentTimeMillis()),
            Query.of(
                "demo-q2",
                streams.get(streams.size() - 1),
                List.of("shape", "action"),
                System.currentTimeMillis()),
            Query.of("demo-q3", "cam-unknown", List.of("size"), System.currentTimeMillis()));
    List<Answer> answers = new ArrayList<>();
    for (Query q : asked) {
      Console.say(out, "ask %s about %s", q.properties(), q.streamId());
      Answer a = queries.ask(q, timeout);
      answers.add(a);
      Sentence truth = latestTruth(source, q.streamId());
      Console.say(
          out,
          "  %s%s",
          RecordLines.answer(a),
          truth == null
              ? ""
              : "  (true: "
                  + String.join(
                      ", ", q.properties().stream().map(s -> s + "=" + truth.word(s)).toList())
                  + ")");
    }
    return answers;
  }

  private static Sentence latestTruth(SyntheticSource source, String streamId) {
    Sentence last = null;
    for (SyntheticClip c : source.clips()) {
      if (c.streamId().equals(streamId)) {
        last = c.sentence();
      }
    }
    return last;
  }
}
