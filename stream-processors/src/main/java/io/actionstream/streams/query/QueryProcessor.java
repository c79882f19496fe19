package io.actionstream.streams.query;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.AnswerStatus;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.ClipRange;
import io.actionstream.core.wire.JsonSerde;
import io.actionstream.core.wire.Query;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireFormatException;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.deadletter.DeadLetterRouter;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import io.actionstream.streams.stores.LatestClips;
import io.actionstream.streams.stores.StateStores;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Answers masked-property queries from the latest clip of the asked stream, calling the predictor
 * with the mask of the asked properties. Every decodable query gets exactly one answer:
 *
 * <ul>
 *   <li>{@code INVALID_QUERY}: the query's {@code streamId} is not the record key;
 *   <li>{@code UNKNOWN_PROPERTY}: a property is not a slot of the predictor's schema;
 *   <li>{@code UNKNOWN_STREAM}: neither an assembly window nor a clip exists for the stream;
 *   <li>{@code NO_CLIP_YET}: frames have been seen but no clip has reached the inference step;
 *   <li>{@code ERROR}: the stored clip or the predictor failed (the query is also dead-lettered
 *       with {@code PROCESSING_ERROR});
 *   <li>{@code OK}: one word and probability per asked property, in the order asked.
 * </ul>
 *
 * A query record that cannot be decoded (bad key, not JSON, missing or invalid fields) has no query
 * id to answer to: it goes to the dead-letter topic.
 */
public final class QueryProcessor implements Processor<byte[], byte[], Object, Object> {
  /** Name of the answers sink node. */
  public static final String ANSWERS_SINK = "answers-sink";

  private final Predictor predictor;
  private final ClipCodec codec;
  private final PropertySchema schema;
  private final JsonSerde<Query> queries = WireSerdes.query();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> windows;
  private KeyValueStore<String, byte[]> latest;
  private final TopologyListener listener;
  private DeadLetterRouter deadLetters;

  /** A processor calling {@code predictor}, reporting dead letters to {@code listener}. */
  public QueryProcessor(Predictor predictor, ClipCodec codec, TopologyListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.schema = predictor.schema();
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.windows = context.getStateStore(StateStores.CLIP_WINDOWS);
    this.latest = context.getStateStore(StateStores.LATEST_CLIPS);
    this.deadLetters = new DeadLetterRouter(context, listener);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String streamId;
    Query query;
    try {
      streamId = StreamIds.decode(record.key());
      if (record.value() == null) {
        return;
      }
      query = queries.read(record.value());
    } catch (RuntimeException e) {
      deadLetters.route(record, e);
      return;
    }
    Answer answer;
    try {
      answer = answer(streamId, query);
    } catch (StreamsException e) {
      throw e;
    } catch (RuntimeException e) {
      deadLetters.route(record, e);
      answer = Answer.error(query, AnswerStatus.ERROR, String.valueOf(e));
    }
    context.forward(
        new Record<Object, Object>(streamId, answer, record.timestamp(), new RecordHeaders()),
        ANSWERS_SINK);
  }

  private Answer answer(String streamId, Query query) {
    if (!query.streamId().equals(streamId)) {
      return Answer.error(
          query,
          AnswerStatus.INVALID_QUERY,
          "streamId: expected the record key '" + streamId + "', got '" + query.streamId() + "'");
    }
    SlotMask mask;
    try {
      mask = query.validate(schema);
    } catch (WireFormatException e) {
      return Answer.error(query, AnswerStatus.UNKNOWN_PROPERTY, e.detail());
    }
    byte[] stored = latest.get(streamId);
    if (stored == null) {
      return windows.get(streamId) == null
          ? Answer.error(
              query, AnswerStatus.UNKNOWN_STREAM, "no frames or clips seen for '" + streamId + "'")
          : Answer.error(
              query,
              AnswerStatus.NO_CLIP_YET,
              "frames of '" + streamId + "' seen, but no complete clip yet");
    }
    Clip clip = codec.decode(LatestClips.clipValue(stored));
    PredictorResult result = predictor.predict(List.of(clip), List.of(mask));
    result.requireOnePerClip(1);
    return Answer.ok(
        query,
        result.scores().get(0).words(schema, query.properties()),
        ClipRange.of(clip),
        result.modelVersion());
  }
}
