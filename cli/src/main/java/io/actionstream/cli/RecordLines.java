package io.actionstream.cli;

import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.AnswerStatus;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.SlotWord;
import io.actionstream.core.wire.WireFormatException;
import io.actionstream.core.wire.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One readable line per record of the output topics (predictions, answers, dead letters), as {@code
 * watch}, {@code query} and the demo print them. A value that does not decode is shown as such,
 * never thrown.
 */
public final class RecordLines {
  private RecordLines() {}

  /**
   * A prediction: stream, frame range, sentence, per-slot word and probability, model version and
   * latency ({@code nowMs} minus the capture time of the clip's last frame; inference time of the
   * model call in brackets).
   */
  public static String prediction(Prediction p, long nowMs) {
    return String.format(
        Locale.ROOT,
        "prediction %s frames %d..%d: %s  [%s]  model %s  latency %d ms (inference %d ms)",
        p.streamId(),
        p.firstFrame(),
        p.lastFrame(),
        p.sentence(),
        slots(p.slots(), " "),
        p.modelVersion(),
        Math.max(0, nowMs - p.endTimeMs()),
        p.timings().inferenceMs());
  }

  /** An answer: query id, stream, status, and the asked properties or the error message. */
  public static String answer(Answer a) {
    StringBuilder s =
        new StringBuilder("answer ")
            .append(a.queryId())
            .append(' ')
            .append(a.streamId())
            .append(' ')
            .append(a.status());
    if (a.status() == AnswerStatus.OK) {
      if (a.clip() != null) {
        s.append(" frames ")
            .append(a.clip().firstFrame())
            .append("..")
            .append(a.clip().lastFrame());
      }
      s.append(": ").append(slots(a.answers(), "="));
      if (a.modelVersion() != null) {
        s.append("  model ").append(a.modelVersion());
      }
    } else {
      s.append(": ").append(a.message());
    }
    return s.toString();
  }

  /** A dead letter: where it came from, its key, its error code and reason. */
  public static String deadLetter(ConsumerRecord<byte[], byte[]> r) {
    String key = r.key() == null ? "(no key)" : new String(r.key(), StandardCharsets.UTF_8);
    try {
      DeadLetterInfo info = DeadLetters.read(r.headers());
      return String.format(
          Locale.ROOT,
          "dead letter from %s[%d]@%d key %s: %s %s",
          info.sourceTopic(),
          info.sourcePartition(),
          info.sourceOffset(),
          key,
          info.error(),
          info.reason());
    } catch (WireFormatException e) {
      return "dead letter key " + key + " without readable as.dlq.* headers: " + e.getMessage();
    }
  }

  /**
   * The line for a record of a topic with the given role, or a line saying it cannot be read.
   *
   * @param role one of {@code predictions}, {@code answers}, {@code dlq}
   */
  public static String of(String role, ConsumerRecord<byte[], byte[]> r, long nowMs) {
    try {
      return switch (role) {
        case "predictions" -> prediction(WireSerdes.prediction().read(r.value()), nowMs);
        case "answers" -> answer(WireSerdes.answer().read(r.value()));
        case "dlq" -> deadLetter(r);
        default -> throw new IllegalArgumentException("unknown topic role " + role);
      };
    } catch (WireFormatException e) {
      return String.format(
          Locale.ROOT,
          "unreadable record on %s[%d]@%d: %s",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
    }
  }

  private static String slots(List<SlotWord> words, String separator) {
    return words.stream()
        .map(
            w ->
                String.format(
                    Locale.ROOT, "%s%s%s %.2f", w.slot(), separator, w.word(), w.probability()))
        .collect(Collectors.joining(", "));
  }
}
