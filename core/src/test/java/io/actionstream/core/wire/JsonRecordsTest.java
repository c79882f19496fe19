package io.actionstream.core.wire;

import static io.actionstream.core.wire.WireTestSupport.wireError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.schema.SlotMask;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRecordsTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private final JsonSerde<Prediction> predictions = WireSerdes.prediction();
  private final JsonSerde<Query> queries = WireSerdes.query();
  private final JsonSerde<Answer> answers = WireSerdes.answer();

  private static final String QUERY_JSON =
      """
      {"schemaVersion":1,"queryId":"q-1","streamId":"cam-1",
       "properties":["colour","action"],"createdMs":1700000000000}
      """;

  static Prediction prediction() {
    Sentence s = SCHEMA.sentence("small", "red", "square", "slides left");
    return Prediction.of(
        "cam-1",
        new ClipRange(32, 47),
        1700000000000L,
        1700000000600L,
        s.text(),
        SlotWord.of(s, new double[] {0.9, 0.8, 0.7, 0.6}),
        "3",
        new Timings(4, 12, 8));
  }

  @Test
  void shouldRoundTripPrediction() {
    Prediction p = prediction();

    assertEquals(p, predictions.read(predictions.write(p)));
  }

  @Test
  void shouldWriteDocumentedPredictionFields() throws Exception {
    JsonNode json = new ObjectMapper().readTree(predictions.write(prediction()));

    assertEquals(1, json.get("schemaVersion").asInt());
    assertEquals("cam-1", json.get("streamId").asText());
    assertEquals(32, json.get("firstFrame").asLong());
    assertEquals(47, json.get("lastFrame").asLong());
    assertEquals("small red square slides left", json.get("sentence").asText());
    assertEquals("action", json.get("slots").get(3).get("slot").asText());
    assertEquals("slides left", json.get("slots").get(3).get("word").asText());
    assertEquals(0.6, json.get("slots").get(3).get("probability").asDouble());
    assertEquals(12, json.get("timings").get("inferenceMs").asLong());
    assertEquals(8, json.get("timings").get("batchSize").asInt());
    assertEquals("3", json.get("modelVersion").asText());
  }

  @Test
  void shouldReadQueryAndIgnoreUnknownFields() {
    Query q =
        queries.read(
            QUERY_JSON
                .replace("\"createdMs\"", "\"future\":{\"x\":[1]},\"createdMs\"")
                .getBytes(StandardCharsets.UTF_8));

    assertEquals(Query.of("q-1", "cam-1", List.of("colour", "action"), 1700000000000L), q);
  }

  @Test
  void shouldRoundTripOkAndErrorAnswers() {
    Query q = queries.read(bytes(QUERY_JSON));
    Answer ok =
        Answer.ok(
            q,
            List.of(new SlotWord("colour", "red", 0.97), new SlotWord("action", "jumps", 0.61)),
            new ClipRange(32, 47),
            "3");
    Answer error = Answer.error(q, AnswerStatus.NO_CLIP_YET, "stream cam-1 has 5 of 16 frames");

    assertEquals(ok, answers.read(answers.write(ok)));
    assertEquals(error, answers.read(answers.write(error)));
    String okJson = new String(answers.write(ok), StandardCharsets.UTF_8);
    assertTrue(okJson.contains("\"message\":null"), okJson);
    assertTrue(okJson.contains("\"status\":\"OK\""), okJson);
  }

  @Test
  void shouldRefuseOkAnswerForOtherPropertiesThanAsked() {
    Query q = queries.read(bytes(QUERY_JSON));

    assertThrows(
        IllegalArgumentException.class,
        () -> Answer.ok(q, List.of(new SlotWord("shape", "star", 0.5)), null, "3"));
  }

  @Test
  void shouldRejectOkAnswerWithMessage() {
    String json =
        """
        {"schemaVersion":1,"queryId":"q","streamId":"s","status":"OK","message":"hi",
         "answers":[{"slot":"colour","word":"red","probability":0.5}]}
        """;

    WireFormatException e = wireError(() -> answers.read(bytes(json)));

    assertEquals(WireError.INVALID_FIELD, e.error());
    assertTrue(e.getMessage().contains("message"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{not json", "", "[]", "42", "{\"queryId\": }", "null", "null x"})
  void shouldRejectInvalidJson(String text) {
    assertEquals(WireError.INVALID_JSON, wireError(() -> queries.read(bytes(text))).error());
  }

  @Test
  void shouldRejectTrailingTokensAfterObject() {
    assertEquals(
        WireError.INVALID_JSON, wireError(() -> queries.read(bytes(QUERY_JSON + " {}"))).error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"queryId", "streamId", "properties", "createdMs", "schemaVersion"})
  void shouldRejectQueryMissingRequiredField(String field) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(QUERY_JSON);
    node.remove(field);

    WireFormatException e = wireError(() -> queries.read(mapper.writeValueAsBytes(node)));

    assertEquals(WireError.INVALID_FIELD, e.error());
    assertTrue(e.getMessage().contains("Query " + field + ": "), e.getMessage());
  }

  @Test
  void shouldNameNestedFieldMissingInPrediction() {
    String json =
        new String(predictions.write(prediction()), StandardCharsets.UTF_8)
            .replace("\"word\":\"red\",", "");

    WireFormatException e = wireError(() -> predictions.read(bytes(json)));

    assertEquals(WireError.INVALID_FIELD, e.error());
    assertTrue(e.getMessage().contains("Prediction slots[1].word: "), e.getMessage());
  }

  @Test
  void shouldRejectNullForRequiredFields() {
    assertEquals(
        WireError.INVALID_FIELD,
        wireError(() -> queries.read(bytes(QUERY_JSON.replace("\"q-1\"", "null")))).error());
    WireFormatException e =
        wireError(() -> queries.read(bytes(QUERY_JSON.replace("1700000000000", "null"))));
    assertEquals(WireError.INVALID_FIELD, e.error());
    assertTrue(e.getMessage().contains("createdMs"), e.getMessage());
  }

  /** Issue 18: strings are strings; a number or boolean in a string field is INVALID_FIELD. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"queryId\":\"q-1\"|\"queryId\":5|queryId",
        "\"streamId\":\"cam-1\"|\"streamId\":7|streamId",
        "\"streamId\":\"cam-1\"|\"streamId\":true|streamId",
        "[\"colour\",\"action\"]|[1,\"action\"]|properties",
        "\"queryId\":\"q-1\"|\"queryId\":1.5|queryId"
      })
  void shouldRefuseANumberOrBooleanWhereTheDocSaysString(String edit) {
    String[] e3 = edit.split("\\|");
    String json = QUERY_JSON.replace(" ", "").replace(e3[0], e3[1]);
    assertTrue(!json.equals(QUERY_JSON.replace(" ", "")), "the edit applies: " + json);
    WireFormatException e = wireError(() -> queries.read(bytes(json)));
    assertEquals(WireError.INVALID_FIELD, e.error(), e.getMessage());
    assertTrue(e.getMessage().contains(e3[2]), e.getMessage());
  }

  /** A UTF-8 byte-order mark before the object is accepted (docs/wire-format.md). */
  @Test
  void shouldAcceptAByteOrderMark() {
    byte[] json = bytes(QUERY_JSON);
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withBom, 3, json.length);
    assertEquals(queries.read(json), queries.read(withBom));
  }

  /** Issue 18: malformed JSON is INVALID_JSON whatever else is wrong; a bad number a field's. */
  @Test
  void shouldTellMalformedJsonFromABadField() {
    assertEquals(WireError.INVALID_JSON, wireError(() -> queries.read(bytes("{}{}"))).error());
    WireFormatException big =
        wireError(
            () -> queries.read(bytes(QUERY_JSON.replace("1700000000000", "18446744073709551616"))));
    assertEquals(WireError.INVALID_FIELD, big.error(), big.getMessage());
    assertTrue(big.getMessage().contains("createdMs"), big.getMessage());
  }

  @Test
  void shouldRejectWrongFieldType() {
    WireFormatException e =
        wireError(() -> queries.read(bytes(QUERY_JSON.replace("1700000000000", "\"soon\""))));

    assertEquals(WireError.INVALID_FIELD, e.error());
    assertTrue(e.getMessage().contains("createdMs"), e.getMessage());
  }

  @Test
  void shouldRejectEmptyPropertiesList() {
    WireFormatException e =
        wireError(() -> queries.read(bytes(QUERY_JSON.replace("[\"colour\",\"action\"]", "[]"))));

    assertEquals(WireError.INVALID_FIELD, e.error());
    assertTrue(e.getMessage().contains("properties"), e.getMessage());
  }

  @Test
  void shouldRejectUnsupportedSchemaVersion() {
    assertEquals(
        WireError.UNSUPPORTED_VERSION,
        wireError(
                () ->
                    queries.read(
                        bytes(QUERY_JSON.replace("\"schemaVersion\":1", "\"schemaVersion\":2"))))
            .error());
  }

  @Test
  void shouldRejectUnknownPropertyAgainstDefaultSchema() {
    Query q = Query.of("q", "cam-1", List.of("colour", "texture"), 0);

    WireFormatException e = wireError(() -> q.validate(SCHEMA));

    assertEquals(WireError.UNKNOWN_PROPERTY, e.error());
    assertTrue(e.getMessage().contains("'texture'"), e.getMessage());
    assertTrue(e.getMessage().contains("[size, colour, shape, action]"), e.getMessage());
  }

  @Test
  void shouldGiveMaskOfKnownProperties() {
    SlotMask mask = queries.read(bytes(QUERY_JSON)).validate(SCHEMA);

    assertEquals("0101", mask.toString());
  }

  @Test
  void shouldRejectProbabilityOutOfRange() {
    String json =
        new String(predictions.write(prediction()), StandardCharsets.UTF_8)
            .replace("\"probability\":0.9", "\"probability\":1.5");

    WireFormatException e = wireError(() -> predictions.read(bytes(json)));

    assertEquals(WireError.INVALID_FIELD, e.error());
    assertTrue(e.getMessage().contains("probability"), e.getMessage());
  }

  @Test
  void shouldMapNullJsonToNull() {
    assertNull(queries.serializer().serialize("queries", null));
    assertNull(queries.deserializer().deserialize("queries", null));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
