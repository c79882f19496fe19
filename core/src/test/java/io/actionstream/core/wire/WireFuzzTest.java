package io.actionstream.core.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.testkit.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of every reader of the wire format: valid records (raw, PNG and JPEG frames,
 * clips, JSON records, labels, dead letters) are bit-flipped, truncated, extended, given extreme
 * integers, nested absurdly deep, and their headers dropped, duplicated, oversized or made
 * non-UTF-8. Each read must return a value or throw {@link WireFormatException}: no other
 * exception, no allocation past the limits. The seed is fixed (set {@code -Dfuzz.seed} to explore
 * others); a failure prints the input in hex.
 */
class WireFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 18L);
  private static final int ROUNDS = 2_000;
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();

  private final Random random = new Random(SEED);
  private final Mutations mutations = new Mutations(random);
  private final Map<String, Integer> codes = new TreeMap<>();

  /** A reader under test: must return or throw WireFormatException. */
  private interface Reader {
    void read(Headers headers, byte[] value);
  }

  private void fuzz(String what, List<byte[]> values, Headers headers, Reader reader) {
    for (int i = 0; i < ROUNDS; i++) {
      byte[] value = values.get(random.nextInt(values.size()));
      byte[] mutated = random.nextInt(4) == 0 ? value : mutations.value(value);
      Headers h = random.nextInt(3) == 0 ? mutations.headers(headers) : Mutations.copy(headers);
      try {
        reader.read(h, mutated);
        codes.merge(what + " ok", 1, Integer::sum);
      } catch (WireFormatException e) {
        codes.merge(what + " " + e.error(), 1, Integer::sum);
      } catch (Throwable t) {
        fail(
            what
                + " threw "
                + t
                + " (seed "
                + SEED
                + ", round "
                + i
                + ") on value "
                + HexFormat.of().formatHex(mutated, 0, Math.min(mutated.length, 200))
                + " headers "
                + Mutations.describe(h),
            t);
      }
    }
    System.out.println("fuzz " + what + ": " + codes);
    codes.keySet().removeIf(k -> k.startsWith(what));
  }

  @Test
  void frameReadersOnlyThrowWireFormatExceptions() {
    FrameCodec codec = new FrameCodec();
    byte[] rgb = WireTestSupport.smoothRgb(16, 12, 4);
    List<byte[]> values =
        List.of(
            rgb,
            codec.encode(0, 0, 16, 12, rgb, FrameEncoding.PNG).data(),
            codec.encode(0, 0, 16, 12, rgb, FrameEncoding.JPEG).data());
    for (String encoding : List.of("raw", "png", "jpeg")) {
      fuzz(
          "frame/" + encoding,
          values,
          WireTestSupport.textHeaders(16, 12, encoding),
          (h, v) -> codec.decodeRgb(codec.read(h, v)));
    }
  }

  @Test
  void clipReaderOnlyThrowsWireFormatExceptions() {
    Clip clip = WireTestSupport.smoothClip(3, 8, 8);
    List<byte[]> values =
        List.of(
            new ClipCodec(FrameEncoding.RAW_RGB8, WireLimits.DEFAULT).encode(clip),
            new ClipCodec(FrameEncoding.PNG, WireLimits.DEFAULT).encode(clip),
            new ClipCodec(FrameEncoding.JPEG, WireLimits.DEFAULT).encode(clip));
    ClipCodec reader = new ClipCodec();
    fuzz("clip", values, new RecordHeaders(), (h, v) -> reader.decode(v));
  }

  @Test
  void jsonReadersOnlyThrowWireFormatExceptions() {
    String deep = "[".repeat(50_000) + "]".repeat(50_000);
    List<JsonSerde<?>> serdes =
        List.of(
            WireSerdes.prediction(),
            WireSerdes.query(),
            WireSerdes.answer(),
            WireSerdes.labelReference());
    List<byte[]> values =
        List.of(
            WireSerdes.prediction().write(JsonRecordsTest.prediction()),
            WireSerdes.query().write(Query.of("q", "cam-1", List.of("colour"), 1)),
            WireSerdes.answer()
                .write(Answer.error(Query.of("q", "c", List.of("x"), 1), AnswerStatus.ERROR, "e")),
            WireSerdes.labelReference()
                .write(LabelReference.of("l", "cam-1", 0, 3, "small red square jumps", 1)),
            utf8(deep),
            utf8("{\"a\":" + deep + "}"),
            utf8("{\"schemaVersion\":1e999999,\"queryId\":\"\\uD800\"}"));
    for (JsonSerde<?> serde : serdes) {
      fuzz(
          "json/" + serde.type().getSimpleName(),
          values,
          new RecordHeaders(),
          (h, v) -> serde.read(v));
    }
  }

  @Test
  void labelStreamIdAndDeadLetterReadersOnlyThrowWireFormatExceptions() {
    LabelCodec labels = new LabelCodec(new ClipCodec());
    LabelledClip label =
        new LabelledClip(
            "x", WireTestSupport.smoothClip(2, 4, 4), SCHEMA.parse("small red square jumps"));
    Headers labelHeaders = new RecordHeaders();
    labels.writeHeaders(label, "id-1", labelHeaders);
    fuzz(
        "label",
        List.of(labels.encodeValue(label)),
        labelHeaders,
        (h, v) -> labels.decode(utf8("cam-1"), h, v, SCHEMA));
    fuzz(
        "stream-id",
        List.of(utf8("cam-1"), utf8("ü".repeat(200))),
        new RecordHeaders(),
        (h, v) -> StreamIds.decode(v));
    Headers dead =
        DeadLetters.headers(
            new RecordHeaders(),
            new DeadLetterInfo("INVALID_KEY", "why", "frames", 0, 7, 1_700_000_000_000L));
    fuzz("dead-letter", List.of(new byte[0]), dead, (h, v) -> DeadLetters.read(h));
  }

  @Test
  void theFuzzerReachesTheDeepCodes() {
    // a fuzzer that only ever hits the first check proves little: the frame fuzz must reach
    // decoding, sizes and headers alike
    FrameCodec codec = new FrameCodec();
    byte[] rgb = WireTestSupport.smoothRgb(16, 12, 4);
    fuzz(
        "frame/png-deep",
        List.of(codec.encode(0, 0, 16, 12, rgb, FrameEncoding.PNG).data()),
        WireTestSupport.textHeaders(16, 12, "png"),
        (h, v) -> {
          try {
            codec.decodeRgb(codec.read(h, v));
          } catch (WireFormatException e) {
            codes.merge("reached " + e.error(), 1, Integer::sum);
            throw e;
          }
        });
    assertTrue(codes.containsKey("reached IMAGE_DECODE_FAILED"), "" + codes);
    assertTrue(codes.containsKey("reached MALFORMED_HEADER"), "" + codes);
    assertTrue(codes.containsKey("reached MISSING_HEADER"), "" + codes);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
