package io.actionstream.streams.inference;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.ClipRange;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.SlotWord;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.Timings;
import io.actionstream.core.wire.WireError;
import io.actionstream.core.wire.WireFormatException;
import io.actionstream.streams.assembly.ClipAssembler;
import io.actionstream.streams.deadletter.DeadLetterRouter;
import io.actionstream.streams.metrics.TopologyListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The inference step: one prediction record per clip record. Reads raw bytes; a clip that cannot be
 * decoded, that has another T or frame size than the predictor accepts ({@code FRAME_COUNT}, {@code
 * BAD_DIMENSIONS}), or whose prediction fails ({@code PROCESSING_ERROR}) goes to the dead-letter
 * topic and the stream goes on.
 *
 * <p><b>Batch size 1.</b> The predictor is called synchronously inside {@link #process}, so the
 * prediction is forwarded before Kafka Streams can commit the clip's offset: under exactly-once
 * both are in one transaction, under at-least-once the prediction is flushed before the offset
 * commit. Nothing is held in memory between records.
 *
 * <p>Each clip that gets its prediction is also kept as its stream's latest clip in {@link
 * #LATEST_CLIPS_STORE} for masked-property queries (a dead-lettered clip is not); idle entries
 * expire by wall-clock punctuation like the assembly windows.
 */
public final class InferenceProcessor implements Processor<byte[], byte[], Object, Object> {
  /** Store of each stream's latest clip ({@link LatestClips} form). */
  public static final String LATEST_CLIPS_STORE = "latest-clips";

  /** Name of the predictions sink node. */
  public static final String PREDICTIONS_SINK = "predictions-sink";

  private final Predictor predictor;
  private final ClipCodec codec;
  private final Duration idleExpiry;
  private final PropertySchema schema;
  private final ModelInput input;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> latest;
  private final TopologyListener listener;
  private DeadLetterRouter deadLetters;

  /** A processor calling {@code predictor}, reporting dead letters to {@code listener}. */
  public InferenceProcessor(
      Predictor predictor, ClipCodec codec, Duration idleExpiry, TopologyListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.idleExpiry = Objects.requireNonNull(idleExpiry, "idleExpiry");
    this.schema = predictor.schema();
    this.input = predictor.input();
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.latest = context.getStateStore(LATEST_CLIPS_STORE);
    this.deadLetters = new DeadLetterRouter(context, listener);
    context.schedule(
        ClipAssembler.scanInterval(idleExpiry), PunctuationType.WALL_CLOCK_TIME, this::expire);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String streamId;
    Prediction prediction;
    try {
      streamId = StreamIds.decode(record.key());
      if (record.value() == null) {
        return;
      }
      Clip clip = decodeAccepted(record.value(), input);
      long t0 = System.nanoTime();
      PredictorResult result = predictor.predict(List.of(clip), List.of(schema.allSlots()));
      long inferenceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      prediction = toPrediction(streamId, clip, result, 0, inferenceMs, 1);
      // Only a clip that got its prediction answers queries: a dead-lettered one does not.
      latest.put(streamId, LatestClips.stamp(context.currentSystemTimeMs(), record.value()));
    } catch (StreamsException e) {
      throw e;
    } catch (RuntimeException e) {
      deadLetters.route(record, e);
      return;
    }
    context.forward(
        new Record<Object, Object>(streamId, prediction, record.timestamp(), new RecordHeaders()),
        PREDICTIONS_SINK);
  }

  /**
   * Decodes a clip value and checks it has the shape the predictor accepts.
   *
   * @throws WireFormatException the decoding error, FRAME_COUNT or BAD_DIMENSIONS
   */
  static Clip decodeAccepted(byte[] value, ClipCodec codec, ModelInput input) {
    Clip clip = codec.decode(value);
    ClipCodec.checkFrameCount(clip, input.frames());
    if (clip.height() != input.height() || clip.width() != input.width()) {
      throw new WireFormatException(
          WireError.BAD_DIMENSIONS,
          "clip: expected "
              + input.width()
              + "x"
              + input.height()
              + " frames (model input), got "
              + clip.width()
              + "x"
              + clip.height());
    }
    return clip;
  }

  private Clip decodeAccepted(byte[] value, ModelInput input) {
    return decodeAccepted(value, codec, input);
  }

  /** Builds the prediction record of one clip from a predictor result holding only it. */
  Prediction toPrediction(
      String streamId,
      Clip clip,
      PredictorResult result,
      long queuedMs,
      long inferenceMs,
      int batchSize) {
    if (result.scores().size() != 1) {
      throw new IllegalStateException(
          "predictor: expected 1 result for 1 clip, got " + result.scores().size());
    }
    List<SlotWord> words = result.scores().get(0).words(schema);
    String sentence = words.stream().map(SlotWord::word).collect(Collectors.joining(" "));
    return Prediction.of(
        streamId,
        ClipRange.of(clip),
        clip.captureTimeMs(0),
        clip.captureTimeMs(clip.frames() - 1),
        sentence,
        words,
        result.modelVersion(),
        new Timings(queuedMs, inferenceMs, batchSize));
  }

  private void expire(long nowMs) {
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = latest.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> e = it.next();
        if (nowMs - LatestClips.storedMs(e.value) > idleExpiry.toMillis()) {
          idle.add(e.key);
        }
      }
    }
    idle.forEach(latest::delete);
  }
}
