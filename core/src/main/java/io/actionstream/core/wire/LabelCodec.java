package io.actionstream.core.wire;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Sentence;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * Labelled-clip records of the labels topic (docs/wire-format.md, "Label records"): the key is the
 * stream id, the value the clip in the {@code ASCL} clip format ({@link ClipCodec}), and the header
 * {@value WireHeaders#LABEL_SENTENCE} its sentence, one word per slot in slot order. What the
 * retraining job reads; {@code actionstream label} and the service (resolving {@link
 * LabelReference}s, the topic's other kind of record) write them.
 */
public final class LabelCodec {
  private final ClipCodec clips;

  /** A codec whose clips are encoded with {@code clips}. */
  public LabelCodec(ClipCodec clips) {
    this.clips = Objects.requireNonNull(clips, "clips");
  }

  /**
   * Whether a labels-topic record is a {@link LabelReference} (for the service to resolve) rather
   * than a labelled clip: it has a value, no {@value WireHeaders#LABEL_SENTENCE} header, and the
   * value does not start with the clip magic {@code ASCL}. Anything else is a labelled clip, good
   * or bad.
   */
  public static boolean isReference(Headers headers, byte[] value) {
    if (value == null || headers.lastHeader(WireHeaders.LABEL_SENTENCE) != null) {
      return false;
    }
    if (value.length < ClipCodec.MAGIC.length) {
      return true;
    }
    for (int i = 0; i < ClipCodec.MAGIC.length; i++) {
      if (value[i] != ClipCodec.MAGIC[i]) {
        return true;
      }
    }
    return false;
  }

  /** The clip value of {@code label}; write {@link #writeHeaders} beside it. */
  public byte[] encodeValue(LabelledClip label) {
    return clips.encode(label.clip());
  }

  /** Adds the label's headers ({@code as.v} and the sentence) to {@code headers}. */
  public void writeHeaders(LabelledClip label, Headers headers) {
    HeaderValues.put(headers, WireHeaders.VERSION, WireHeaders.CURRENT_VERSION);
    HeaderValues.put(headers, WireHeaders.LABEL_SENTENCE, label.sentence().text());
  }

  /**
   * Adds the headers of a label resolved from the reference {@code labelId}: those of {@link
   * #writeHeaders(LabelledClip, Headers)} and {@value WireHeaders#LABEL_ID}.
   */
  public void writeHeaders(LabelledClip label, String labelId, Headers headers) {
    writeHeaders(label, headers);
    HeaderValues.put(headers, WireHeaders.LABEL_ID, labelId);
  }

  /**
   * Decodes one label record.
   *
   * @param key the record key (stream id), used as the label's id with the clip's first frame
   * @throws WireFormatException {@code INVALID_KEY}, {@code MISSING_HEADER}, {@code
   *     UNSUPPORTED_VERSION}, {@code UNKNOWN_WORD} (the sentence does not parse in {@code schema}),
   *     or any of {@link ClipCodec#decode}'s codes
   */
  public LabelledClip decode(byte[] key, Headers headers, byte[] value, PropertySchema schema) {
    String stream = StreamIds.decode(key);
    String version = HeaderValues.requireText(headers, WireHeaders.VERSION);
    if (!WireHeaders.CURRENT_VERSION.equals(version)) {
      throw new WireFormatException(
          WireError.UNSUPPORTED_VERSION, "label: expected as.v=1, got " + version);
    }
    String text = HeaderValues.requireText(headers, WireHeaders.LABEL_SENTENCE);
    Sentence sentence;
    try {
      sentence = schema.parse(text);
    } catch (SchemaException e) {
      throw new WireFormatException(WireError.UNKNOWN_WORD, "label: " + e.getMessage());
    }
    if (value == null) {
      throw new WireFormatException(
          WireError.TRUNCATED, "label: expected an ASCL clip value, got a null value");
    }
    var clip = clips.decode(value);
    return new LabelledClip(stream + "@" + clip.firstFrameIndex(), clip, sentence);
  }
}
