package io.actionstream.streams.labels;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.Frame;
import io.actionstream.core.wire.JsonSerde;
import io.actionstream.core.wire.LabelCodec;
import io.actionstream.core.wire.LabelReference;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireError;
import io.actionstream.core.wire.WireFormatException;
import io.actionstream.core.wire.WireHeaders;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.assembly.FramePixels;
import io.actionstream.streams.deadletter.DeadLetterRouter;
import io.actionstream.streams.deadletter.StreamErrors;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.stores.FrameHistory;
import io.actionstream.streams.stores.StateStores;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Resolves label references of the labels topic into labelled clips on the same topic, from the
 * frames of {@link FrameHistory}. A resolved clip is the clip the assembler made of those frames
 * (the same pixels, a lost frame bridged by repeating the one before it as {@code
 * assembly.max.gap.frames} allows); its record carries the reference's sentence in slot order and
 * its {@code labelId} ({@value WireHeaders#LABEL_ID}).
 *
 * <p>Labelled clips already on the topic (a sentence header or an {@code ASCL} value: {@link
 * LabelCodec#isReference}) and tombstones are left alone. A reference that cannot be resolved goes
 * to the dead-letter topic: {@code INVALID_KEY}, {@code INVALID_JSON}, {@code INVALID_FIELD} (also
 * a {@code streamId} other than the key), {@code UNSUPPORTED_VERSION}, {@code UNKNOWN_WORD}
 * (checked against the serving model's schema), {@code FRAME_COUNT} (a range of other than T
 * frames) or {@link StreamErrors#FRAMES_NOT_HELD}.
 */
public final class LabelResolver implements Processor<byte[], byte[], Object, Object> {
  /** Name of the labels sink node. */
  public static final String LABELS_SINK = "labels-sink";

  private final FramePixels framePixels;
  private final LabelCodec labelCodec;
  private final Supplier<PropertySchema> schema;
  private final int clipFrames;
  private final int maxGap;
  private final int keep;
  private final TopologyListener listener;
  private final JsonSerde<LabelReference> references = WireSerdes.labelReference();
  private ProcessorContext<Object, Object> context;
  private FrameHistory history;
  private DeadLetterRouter deadLetters;

  /**
   * A resolver of references to clips of {@code clipFrames} frames.
   *
   * @param framePixels decodes (and resizes) the held frames as the assembler does
   * @param clipCodec encodes the resolved clips (the assembler's)
   * @param schema the serving model's schema, which the sentences must parse in
   * @param maxGap the longest run of lost frames bridged inside a clip
   * @param keep frames held per stream ({@code labels.history.frames}), for the store and messages
   */
  public LabelResolver(
      FramePixels framePixels,
      ClipCodec clipCodec,
      Supplier<PropertySchema> schema,
      int clipFrames,
      int maxGap,
      int keep,
      TopologyListener listener) {
    this.framePixels = Objects.requireNonNull(framePixels, "framePixels");
    this.labelCodec = new LabelCodec(Objects.requireNonNull(clipCodec, "clipCodec"));
    this.schema = Objects.requireNonNull(schema, "schema");
    this.clipFrames = clipFrames;
    this.maxGap = maxGap;
    this.keep = keep;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.history = new FrameHistory(context.getStateStore(StateStores.FRAME_HISTORY), keep);
    this.deadLetters = new DeadLetterRouter(context, listener);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    LabelReference reference;
    LabelledClip label;
    try {
      String streamId = StreamIds.decode(record.key());
      if (!LabelCodec.isReference(record.headers(), record.value())) {
        return; // a labelled clip already (or a tombstone), for the retraining job
      }
      reference = references.read(record.value());
      label = resolve(streamId, reference);
    } catch (StreamsException e) {
      throw e;
    } catch (NotHeldException e) {
      deadLetters.route(record, StreamErrors.FRAMES_NOT_HELD, e.getMessage());
      return;
    } catch (RuntimeException e) {
      deadLetters.route(record, e);
      return;
    }
    RecordHeaders headers = new RecordHeaders();
    labelCodec.writeHeaders(label, reference.labelId(), headers);
    context.forward(
        new Record<Object, Object>(
            record.key(), labelCodec.encodeValue(label), record.timestamp(), headers),
        LABELS_SINK);
  }

  private LabelledClip resolve(String streamId, LabelReference ref) {
    if (!ref.streamId().equals(streamId)) {
      throw new WireFormatException(
          WireError.INVALID_FIELD,
          "streamId: expected the record key '" + streamId + "', got '" + ref.streamId() + "'");
    }
    Sentence sentence;
    try {
      sentence = schema.get().parse(ref.sentence());
    } catch (SchemaException e) {
      throw new WireFormatException(WireError.UNKNOWN_WORD, "label reference: " + e.getMessage());
    }
    if (ref.frames() != clipFrames) {
      throw new WireFormatException(
          WireError.FRAME_COUNT,
          "label reference: frames "
              + ref.firstFrame()
              + ".."
              + ref.lastFrame()
              + " are "
              + (ref.frames() == Long.MAX_VALUE ? "over 2^63" : ref.frames())
              + " frames, a clip has T="
              + clipFrames);
    }
    return new LabelledClip(streamId + "@" + ref.firstFrame(), clip(streamId, ref), sentence);
  }

  /** The clip of the reference's frames, bridging short gaps as the assembler does. */
  private Clip clip(String streamId, LabelReference ref) {
    Map<Long, Frame> held = new HashMap<>();
    for (Frame f : history.frames(streamId, ref.firstFrame(), ref.lastFrame())) {
      held.put(f.metadata().frameIndex(), f);
    }
    Frame first = held.get(ref.firstFrame());
    if (first == null) {
      throw notHeld(streamId, ref, "frame " + ref.firstFrame() + " is not held");
    }
    int width = framePixels.width(first.metadata());
    int height = framePixels.height(first.metadata());
    int frameBytes = width * height * Clip.CHANNELS;
    byte[] pixels = new byte[clipFrames * frameBytes];
    long[] times = new long[clipFrames];
    Frame previous = first;
    int lost = 0;
    for (int t = 0; t < clipFrames; t++) {
      Frame f = held.get(ref.firstFrame() + t);
      if (f == null) {
        if (++lost > maxGap) {
          throw notHeld(
              streamId,
              ref,
              "frame " + (ref.firstFrame() + t) + " is not held and the gap is over " + maxGap);
        }
        f = previous;
      } else {
        lost = 0;
      }
      if (framePixels.width(f.metadata()) != width || framePixels.height(f.metadata()) != height) {
        throw notHeld(
            streamId,
            ref,
            "frame "
                + (ref.firstFrame() + t)
                + " is "
                + f.metadata().width()
                + "x"
                + f.metadata().height()
                + ", frame "
                + ref.firstFrame()
                + " "
                + width
                + "x"
                + height
                + ": no clip spans a size change");
      }
      byte[] rgb = framePixels.decode(f).pixels();
      System.arraycopy(rgb, 0, pixels, t * frameBytes, frameBytes);
      times[t] = f.metadata().captureTimeMs();
      previous = f;
    }
    return new Clip(clipFrames, height, width, pixels, ref.firstFrame(), times);
  }

  private NotHeldException notHeld(String streamId, LabelReference ref, String why) {
    String heldNow =
        history
            .heldRange(streamId)
            .map(r -> "frames " + r[0] + ".." + r[1] + " are held")
            .orElse("no frames of it are held");
    return new NotHeldException(
        "stream '"
            + streamId
            + "', frames "
            + ref.firstFrame()
            + ".."
            + ref.lastFrame()
            + ": "
            + why
            + " ("
            + heldNow
            + "; labels.history.frames="
            + keep
            + ")");
  }

  /** The reference's frames are not (all) held. */
  private static final class NotHeldException extends RuntimeException {
    NotHeldException(String message) {
      super(message, null, false, false);
    }
  }
}
