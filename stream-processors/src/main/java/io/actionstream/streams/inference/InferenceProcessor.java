package io.actionstream.streams.inference;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.Timings;
import io.actionstream.core.wire.WireError;
import io.actionstream.core.wire.WireFormatException;
import io.actionstream.streams.assembly.ClipAssembler;
import io.actionstream.streams.deadletter.DeadLetterRouter;
import io.actionstream.streams.deadletter.RecordOrigin;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.predictor.ModelInput;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import io.actionstream.streams.stores.LatestClips;
import io.actionstream.streams.stores.StateStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference step: one prediction record per clip record. Reads raw bytes; a clip that cannot be
 * decoded, that has another T or frame size than the predictor accepts ({@code FRAME_COUNT}, {@code
 * BAD_DIMENSIONS}), or whose prediction fails ({@code PROCESSING_ERROR}) goes to the dead-letter
 * topic and the stream goes on.
 *
 * <p><b>Synchronous</b> ({@link InferenceBatching#none()}: batch size 1, no pipelining). The
 * predictor is called inside {@link #process}, so the prediction is forwarded before Kafka Streams
 * can commit the clip's offset: under exactly-once both are in one transaction, under at-least-once
 * the prediction is flushed before the offset commit. Nothing is held in memory between records.
 * Each clip that gets its prediction is kept as its stream's latest clip in {@link
 * StateStores#LATEST_CLIPS} for masked-property queries (a dead-lettered clip is not).
 *
 * <p><b>Batched</b> (batch size above 1, or pipelining; {@link InferenceBatching}). A decoded clip
 * of the right shape joins its stream thread's {@link ClipBatcher}; the batch runs when full or
 * when its oldest clip has waited {@code max.wait} (here or in a wall-clock punctuator, forwarding
 * to the sinks), or before the next commit (through the commit hooks, producing directly). The clip
 * becomes its stream's latest clip when it is accepted, because store writes must happen inside
 * processing to be changelogged with the commit: a clip whose batch later fails is still its
 * stream's latest clip. On close, the task's clips still pending are dropped (their offsets are not
 * committed: every commit drains the batcher first), so they are processed again by the task's next
 * owner.
 *
 * <p><b>Pipelining</b> ({@code inference.max.in.flight.batches} above 0, any batch size). Due
 * batches run on the stream thread's inference thread; the results of finished batches are
 * forwarded on the next clip, by a wall-clock punctuator every {@value #RESULTS_CHECK_MS} ms (only
 * scheduled while the batcher holds clips: every punctuation makes Kafka Streams commit), and
 * before every commit. A task's clips in flight when it closes are dropped like pending ones.
 *
 * <p>Idle latest clips expire by wall-clock punctuation like the assembly windows.
 */
public final class InferenceProcessor implements Processor<byte[], byte[], Object, Object> {

  /** Name of the predictions sink node. */
  public static final String PREDICTIONS_SINK = "predictions-sink";

  private static final Logger LOG = LoggerFactory.getLogger(InferenceProcessor.class);

  /** With pipelining, how often (wall clock) finished batches' results are looked for at least. */
  static final long RESULTS_CHECK_MS = 5;

  private final Predictor predictor;
  private final ClipCodec codec;
  private final Duration idleExpiry;
  private final PropertySchema schema;
  private final ModelInput input;
  private final PredictionBuilder predictions;
  private final TopologyListener listener;
  private final InferenceBatching batching;
  private final InferenceSinks sinks;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> latest;
  private DeadLetterRouter deadLetters;
  private ContextOutput output;
  private ClipBatcher batcher;
  // the batch punctuator: scheduled only while the thread's batcher holds clips, because every
  // punctuation makes Kafka Streams commit (an idle thread would commit every commit interval)
  private Duration batchCheckInterval;
  private Cancellable batchCheck;

  /**
   * A processor calling {@code predictor} one clip at a time, reporting dead letters to {@code
   * listener}.
   */
  public InferenceProcessor(
      Predictor predictor, ClipCodec codec, Duration idleExpiry, TopologyListener listener) {
    this(predictor, codec, idleExpiry, listener, InferenceBatching.none(), null);
  }

  /**
   * A processor calling {@code predictor} with batches as {@code batching} says; {@code sinks} are
   * the topology's inference sinks (required when batching is enabled: results drained at commit
   * time are serialized with them).
   */
  public InferenceProcessor(
      Predictor predictor,
      ClipCodec codec,
      Duration idleExpiry,
      TopologyListener listener,
      InferenceBatching batching,
      InferenceSinks sinks) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.idleExpiry = Objects.requireNonNull(idleExpiry, "idleExpiry");
    this.batching = Objects.requireNonNull(batching, "batching");
    this.sinks = batching.enabled() ? Objects.requireNonNull(sinks, "sinks") : sinks;
    this.schema = predictor.schema();
    this.input = predictor.input();
    this.predictions = new PredictionBuilder(schema);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.latest = context.getStateStore(StateStores.LATEST_CLIPS);
    this.deadLetters = new DeadLetterRouter(context, listener);
    this.output = new ContextOutput(context, deadLetters);
    context.schedule(
        ClipAssembler.scanInterval(idleExpiry), PunctuationType.WALL_CLOCK_TIME, this::expire);
    if (batching.enabled()) {
      batchCheck =
          null; // a revived task's processor is initialised again; its punctuators are gone
      batcher =
          batching.batcherOfCurrentThread(
              () ->
                  new ClipBatcher(
                      batching.maxBatchSize(),
                      batching.maxWait(),
                      batching.maxInFlight(),
                      new BatchInference(predictor),
                      sinks,
                      listener));
      long waitMs = batching.maxWait().toMillis();
      long intervalMs = waitMs > 0 ? Math.max(1, waitMs / 2) : Long.MAX_VALUE;
      if (batching.maxInFlight() > 0) {
        intervalMs = Math.min(intervalMs, RESULTS_CHECK_MS);
      }
      batchCheckInterval = intervalMs == Long.MAX_VALUE ? null : Duration.ofMillis(intervalMs);
    }
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
      if (batcher != null) {
        accept(streamId, clip, record);
        return;
      }
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
    output.prediction(streamId, prediction, record.timestamp());
  }

  /**
   * Batching: the clip joins the thread's batcher and becomes its stream's latest clip; the batch
   * runs now if full or due. Runs outside the decoding try: a batch handles its own failures.
   */
  private void accept(String streamId, Clip clip, Record<byte[], byte[]> record) {
    long now = context.currentSystemTimeMs();
    latest.put(streamId, LatestClips.stamp(now, record.value()));
    batcher.add(
        new PendingClip(context.taskId(), streamId, clip, record, RecordOrigin.of(context), now));
    runDueBatch(now);
    if (batchCheck == null && batchCheckInterval != null && batcher.size() > 0) {
      batchCheck =
          context.schedule(batchCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::runDueBatch);
    }
  }

  /**
   * Writes the results of finished batches (pipelining), then runs the batch if it is due; stops
   * the batch punctuator once the batcher is empty.
   */
  private void runDueBatch(long nowMs) {
    batcher.emitCompleted(output);
    if (batcher.ready(nowMs)) {
      batcher.runTo(output);
    }
    if (batchCheck != null && batcher.size() == 0) {
      batchCheck.cancel();
      batchCheck = null;
    }
  }

  @Override
  public void close() {
    if (batcher != null) {
      int dropped = batcher.discard(context.taskId());
      if (dropped > 0) {
        LOG.info(
            "task {} closed with {} clips pending: dropped, they will be processed again",
            context.taskId(),
            dropped);
      }
    }
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
    result.requireOnePerClip(1);
    return predictions.build(
        streamId,
        clip,
        result.modelVersion(),
        result.scores().get(0),
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
