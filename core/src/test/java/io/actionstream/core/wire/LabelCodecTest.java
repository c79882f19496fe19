package io.actionstream.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class LabelCodecTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private final LabelCodec codec = new LabelCodec(new ClipCodec());
  private final LabelledClip label =
      new ActionClipGenerator(GeneratorConfig.builder().frames(4).size(16, 16).seed(3).build())
          .generate(0);

  private static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldRoundTripAClipAndItsSentence() {
    Headers h = new RecordHeaders();
    codec.writeHeaders(label, h);
    byte[] value = codec.encodeValue(label);
    LabelledClip back = codec.decode(key("cam-1"), h, value, SCHEMA);
    assertEquals(label.sentence(), back.sentence());
    assertArrayEquals(label.clip().pixels(), back.clip().pixels());
    assertEquals("cam-1@" + label.clip().firstFrameIndex(), back.id());
    assertEquals(
        label.sentence().text(),
        new String(h.lastHeader(WireHeaders.LABEL_SENTENCE).value(), StandardCharsets.UTF_8));
  }

  @Test
  void shouldRefuseASentenceTheSchemaCannotParse() {
    Headers h = new RecordHeaders();
    h.add(WireHeaders.VERSION, key("1"));
    h.add(WireHeaders.LABEL_SENTENCE, key("small crimson star jumps"));
    byte[] value = codec.encodeValue(label);
    WireFormatException e =
        assertThrows(WireFormatException.class, () -> codec.decode(key("c"), h, value, SCHEMA));
    assertEquals(WireError.UNKNOWN_WORD, e.error());
    assertTrue(e.getMessage().contains("colour"), e.getMessage());
  }

  @Test
  void shouldRefuseAMissingSentenceAVersionAndAValue() {
    byte[] value = codec.encodeValue(label);
    Headers none = new RecordHeaders();
    none.add(WireHeaders.VERSION, key("1"));
    assertEquals(
        WireError.MISSING_HEADER,
        assertThrows(WireFormatException.class, () -> codec.decode(key("c"), none, value, SCHEMA))
            .error());
    Headers v2 = new RecordHeaders();
    v2.add(WireHeaders.VERSION, key("2"));
    v2.add(WireHeaders.LABEL_SENTENCE, key(label.sentence().text()));
    assertEquals(
        WireError.UNSUPPORTED_VERSION,
        assertThrows(WireFormatException.class, () -> codec.decode(key("c"), v2, value, SCHEMA))
            .error());
    Headers ok = new RecordHeaders();
    codec.writeHeaders(label, ok);
    assertEquals(
        WireError.TRUNCATED,
        assertThrows(WireFormatException.class, () -> codec.decode(key("c"), ok, null, SCHEMA))
            .error());
    assertEquals(
        WireError.INVALID_KEY,
        assertThrows(WireFormatException.class, () -> codec.decode(null, ok, value, SCHEMA))
            .error());
  }

  @Test
  void shouldTellReferencesFromLabelledClips() {
    Headers labelled = new RecordHeaders();
    codec.writeHeaders(label, "fix-1", labelled);
    byte[] clip = codec.encodeValue(label);
    byte[] json =
        WireSerdes.labelReference()
            .write(LabelReference.of("fix-1", "cam", 0, 3, label.sentence().text(), 1));
    assertTrue(LabelCodec.isReference(new RecordHeaders(), json));
    assertTrue(LabelCodec.isReference(new RecordHeaders(), new byte[] {'A', 'S'}), "short garbage");
    assertFalse(LabelCodec.isReference(new RecordHeaders(), clip), "a clip without headers");
    assertFalse(LabelCodec.isReference(labelled, json), "a sentence header means a clip");
    assertFalse(LabelCodec.isReference(new RecordHeaders(), null), "a tombstone");
    assertEquals(
        "fix-1",
        new String(labelled.lastHeader(WireHeaders.LABEL_ID).value(), StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadAReferenceAndRefuseBadFields() {
    JsonSerde<LabelReference> refs = WireSerdes.labelReference();
    LabelReference ref =
        refs.read(
            key(
                "{\"schemaVersion\":1,\"labelId\":\"a\",\"streamId\":\"cam\","
                    + "\"firstFrame\":8,\"lastFrame\":15,\"sentence\":\"x\",\"createdMs\":2}"));
    assertEquals(LabelReference.of("a", "cam", 8, 15, "x", 2), ref);
    assertEquals(8, ref.frames());
    assertEquals(Long.MAX_VALUE, LabelReference.of("a", "c", 0, Long.MAX_VALUE, "x", 1).frames());
    for (String bad :
        new String[] {
          "\"lastFrame\":7", "\"firstFrame\":-1", "\"sentence\":\" \"", "\"labelId\":5"
        }) {
      String json =
          "{\"schemaVersion\":1,\"labelId\":\"a\",\"streamId\":\"cam\",\"firstFrame\":8,"
              + "\"lastFrame\":15,\"sentence\":\"x\",\"createdMs\":2,"
              + bad
              + "}";
      WireFormatException e =
          assertThrows(WireFormatException.class, () -> refs.read(key(json)), bad);
      assertEquals(WireError.INVALID_FIELD, e.error(), bad + ": " + e.getMessage());
    }
  }
}
