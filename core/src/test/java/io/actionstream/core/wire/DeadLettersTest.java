package io.actionstream.core.wire;

import static io.actionstream.core.wire.WireTestSupport.add;
import static io.actionstream.core.wire.WireTestSupport.wireError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
  @Test
  void shouldKeepOriginalBytesAndHeadersAndAddWhy() {
    Headers original = WireTestSupport.textHeaders(4, 4, "raw");
    byte[] key = "cam-1".getBytes(StandardCharsets.UTF_8);
    byte[] value = {1, 2, 3};
    WireFormatException failure =
        wireError(() -> new FrameCodec().read(original, value)); // SIZE_MISMATCH

    DeadLetter letter =
        DeadLetters.deadLetter(
            key, value, original, DeadLetterInfo.of(failure, "frames", 3, 1234L, 99L));

    assertArrayEquals(key, letter.key());
    assertArrayEquals(value, letter.value());
    assertEquals("4", text(letter.headers(), "as.width"));
    assertEquals("SIZE_MISMATCH", text(letter.headers(), "as.dlq.error"));
    assertEquals("frames", text(letter.headers(), "as.dlq.source.topic"));
    assertEquals("3", text(letter.headers(), "as.dlq.source.partition"));
    assertEquals("1234", text(letter.headers(), "as.dlq.source.offset"));
    assertEquals("99", text(letter.headers(), "as.dlq.ms"));
    assertTrue(text(letter.headers(), "as.dlq.reason").contains("expected 48 bytes"));
    assertEquals(6, original.toArray().length, "original headers must not be modified");
  }

  @Test
  void shouldReadBackTheInfoItWrote() {
    DeadLetterInfo info = new DeadLetterInfo("BAD_MAGIC", "why", "clips", -1, -1, 5);

    assertEquals(info, DeadLetters.read(DeadLetters.headers(null, info)));
  }

  @Test
  void shouldUseProcessingErrorForOtherFailures() {
    DeadLetterInfo info =
        DeadLetterInfo.of(new IllegalStateException("model closed"), "clips", 0, 7, 1);

    assertEquals(DeadLetters.PROCESSING_ERROR, info.error());
    assertEquals("java.lang.IllegalStateException: model closed", info.reason());
  }

  @Test
  void shouldFindWireErrorInCauseChain() {
    Exception wrapped =
        new RuntimeException(
            "outer", new WireFormatException(WireError.TRUNCATED, "clip: expected 20, got 3"));

    DeadLetterInfo info = DeadLetterInfo.of(wrapped, "clips", 0, 7, 1);

    assertEquals("TRUNCATED", info.error());
    assertEquals("clip: expected 20, got 3", info.reason());
  }

  @Test
  void shouldTruncateReasonTo1000Characters() {
    DeadLetterInfo info = new DeadLetterInfo("ERR", "x".repeat(5000), "t", 0, 0, 0);

    assertEquals(1000, info.reason().length());
    assertEquals(1000, text(DeadLetters.headers(null, info), "as.dlq.reason").length());
  }

  @Test
  void shouldReplaceEarlierDeadLetterHeaders() {
    Headers once =
        DeadLetters.headers(
            WireTestSupport.textHeaders(2, 2, "raw"),
            new DeadLetterInfo("TRUNCATED", "first", "frames", 0, 1, 2));

    Headers twice =
        DeadLetters.headers(once, new DeadLetterInfo("PROCESSING_ERROR", "again", "dlq", 0, 9, 3));

    int dlqErrors = 0;
    for (Header h : twice.headers("as.dlq.error")) {
      dlqErrors++;
    }
    assertEquals(1, dlqErrors);
    assertEquals("PROCESSING_ERROR", text(twice, "as.dlq.error"));
    assertEquals("1", text(twice, "as.v"));
  }

  @Test
  void shouldRejectDeadLetterHeadersThatAreMissingOrGarbled() {
    Headers headers =
        DeadLetters.headers(null, new DeadLetterInfo("TRUNCATED", "r", "frames", 0, 1, 2));
    headers.remove("as.dlq.source.offset");
    assertEquals(WireError.MISSING_HEADER, wireError(() -> DeadLetters.read(headers)).error());

    add(headers, "as.dlq.source.offset", "ten");
    assertEquals(WireError.MALFORMED_HEADER, wireError(() -> DeadLetters.read(headers)).error());
  }

  private static String text(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
