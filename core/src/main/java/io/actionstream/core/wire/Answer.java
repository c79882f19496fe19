package io.actionstream.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The reply to a {@link Query} (the answers topic, JSON, key = stream id).
 *
 * @param schemaVersion JSON schema version, 1
 * @param queryId the query's id
 * @param streamId the query's stream
 * @param status outcome
 * @param message why the query failed; null when {@code status} is OK, required otherwise
 * @param answers one entry per asked property, in the order asked; empty unless OK
 * @param clip the clip the answer is about; null if none
 * @param modelVersion the model that answered; null if none did
 */
public record Answer(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String queryId,
    @JsonProperty(required = true) String streamId,
    @JsonProperty(required = true) AnswerStatus status,
    String message,
    List<SlotWord> answers,
    ClipRange clip,
    String modelVersion) {
  /**
   * Checks the fields; a missing {@code answers} is read as empty.
   *
   * @throws WireFormatException UNSUPPORTED_VERSION or INVALID_FIELD naming the field
   */
  public Answer {
    JsonChecks.version(schemaVersion);
    JsonChecks.notBlank(queryId, "queryId");
    JsonChecks.streamId(streamId, "streamId");
    JsonChecks.notNull(status, "status");
    answers = answers == null ? List.of() : answers;
    if (status == AnswerStatus.OK) {
      if (message != null) {
        throw JsonChecks.invalid("message", "null when status is OK", "'" + message + "'");
      }
      answers = JsonChecks.nonEmptyList(answers, "answers");
    } else {
      JsonChecks.notBlank(message, "message");
      if (!answers.isEmpty()) {
        throw JsonChecks.invalid(
            "answers", "[] when status is " + status, answers.size() + " answers");
      }
    }
  }

  /**
   * A successful answer.
   *
   * @param answers one per property of the query, in the query's order
   * @throws IllegalArgumentException if the answered slots are not the asked properties
   */
  public static Answer ok(
      Query query, List<SlotWord> answers, ClipRange clip, String modelVersion) {
    List<String> answered = answers.stream().map(SlotWord::slot).toList();
    if (!answered.equals(query.properties())) {
      throw new IllegalArgumentException(
          "expected answers for " + query.properties() + ", got " + answered);
    }
    return new Answer(
        JsonChecks.SCHEMA_VERSION,
        query.queryId(),
        query.streamId(),
        AnswerStatus.OK,
        null,
        answers,
        clip,
        modelVersion);
  }

  /** A failed answer to {@code query}. */
  public static Answer error(Query query, AnswerStatus status, String message) {
    return error(query.queryId(), query.streamId(), status, message);
  }

  /**
   * A failed answer.
   *
   * @throws IllegalArgumentException if {@code status} is OK
   */
  public static Answer error(String queryId, String streamId, AnswerStatus status, String message) {
    if (status == AnswerStatus.OK) {
      throw new IllegalArgumentException("expected an error status, got OK");
    }
    return new Answer(
        JsonChecks.SCHEMA_VERSION, queryId, streamId, status, message, List.of(), null, null);
  }
}
