package io.actionstream.streams.topology;

import io.actionstream.core.image.JpegDecoder;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.WireLimits;
import io.actionstream.streams.assembly.AssemblyRules;
import io.actionstream.streams.assembly.ClipAssembler;
import io.actionstream.streams.assembly.ClipWindow;
import io.actionstream.streams.assembly.FramePixels;
import io.actionstream.streams.assembly.FrameSampler;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.deadletter.DeadLetterRouter;
import io.actionstream.streams.inference.InferenceBatching;
import io.actionstream.streams.inference.InferenceProcessor;
import io.actionstream.streams.inference.InferenceSinks;
import io.actionstream.streams.labels.LabelResolver;
import io.actionstream.streams.metrics.CountingDeserializer;
import io.actionstream.streams.metrics.CountingSerializer;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.query.QueryProcessor;
import io.actionstream.streams.stores.LatestClips;
import io.actionstream.streams.stores.StateStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the ActionStream topology (Processor API):
 *
 * <pre>
 * frames  --&gt; frames-source  --&gt; clip-assembler --&gt; inference (assembly.output=inference)
 *                                                  or clips-sink (clips-topic)
 * clips   --&gt; clips-source   --&gt; inference      --&gt; predictions-sink
 * queries --&gt; queries-source --&gt; query          --&gt; answers-sink
 * labels  --&gt; labels-source  --&gt; label-resolver --&gt; labels-sink (labels.history.frames &gt; 0)
 *                  (every processor) ------------------&gt; dlq-sink
 * stores: clip-windows (clip-assembler, query), latest-clips (inference, query),
 *         frame-history (clip-assembler, label-resolver; local, no changelog)
 * </pre>
 *
 * All sources read raw bytes and the processors decode, so that no record can fail in a
 * deserializer: every bad record reaches {@link DeadLetterRouter} with its original bytes. Because
 * the query processor and the label resolver share stores with the assembler, the frames, clips,
 * queries and (when read) labels topics form one sub-topology and must have the same number of
 * partitions. Kafka Streams does not check this for Processor-API sources: call {@link
 * CoPartitioning#verify} before starting.
 */
public final class ActionStreamTopology {
  /** Source node names. */
  public static final String FRAMES_SOURCE = "frames-source";

  /** Source of the clips topic. */
  public static final String CLIPS_SOURCE = "clips-source";

  /** Source of the queries topic. */
  public static final String QUERIES_SOURCE = "queries-source";

  /** Processor names. */
  public static final String ASSEMBLER = "clip-assembler";

  /** The inference processor. */
  public static final String INFERENCE = "inference";

  /** The query processor. */
  public static final String QUERY = "query";

  /** Source of the labels topic. */
  public static final String LABELS_SOURCE = "labels-source";

  /** The label-reference resolver. */
  public static final String LABEL_RESOLVER = "label-resolver";

  private ActionStreamTopology() {}

  /**
   * The topology for {@code config}, calling {@code predictor} with batches as {@code batching}
   * says and reporting to {@code listener}. To run it on Kafka, use {@link
   * io.actionstream.streams.app.ActionStreamApp}, which brings the clients batching needs (without
   * them the inference processor refuses to start); this method is for {@code TopologyTestDriver}
   * and for {@code batching} made explicitly ({@link InferenceBatching#none()} for one clip per
   * call).
   *
   * @throws ConfigException naming {@code clip.frames} if it differs from the predictor's T, or
   *     naming {@code inference.max.batch.size} or {@code inference.max.in.flight.batches} if
   *     {@code batching} disagrees with {@code config}
   */
  public static Topology build(
      StreamProcessorsConfig config,
      Predictor predictor,
      TopologyListener listener,
      InferenceBatching batching) {
    if (batching.enabled() && batching.maxBatchSize() != config.maxBatchSize()) {
      throw new ConfigException(
          StreamProcessorsConfig.MAX_BATCH_SIZE_CONFIG,
          config.maxBatchSize(),
          "InferenceBatching was made for batch size " + batching.maxBatchSize());
    }
    if (batching.enabled() && batching.maxInFlight() != config.maxInFlightBatches()) {
      throw new ConfigException(
          StreamProcessorsConfig.MAX_IN_FLIGHT_BATCHES_CONFIG,
          config.maxInFlightBatches(),
          "InferenceBatching was made for " + batching.maxInFlight() + " batches in flight");
    }
    int t = config.clipFrames();
    if (t != predictor.input().frames()) {
      throw new ConfigException(
          StreamProcessorsConfig.CLIP_FRAMES_CONFIG,
          t,
          "must equal the predictor's input length T=" + predictor.input().frames());
    }
    Topics topics = Topics.of(config);
    AssemblyRules rules =
        new AssemblyRules(t, config.clipStride(), config.outOfOrderFrames(), config.maxGapFrames());
    WireLimits limits = config.wireLimits();
    JpegDecoder jpeg = config.jpegDecoder();
    ClipCodec clipCodec =
        new ClipCodec(FrameEncoding.RAW_RGB8, limits, FrameCodec.DEFAULT_JPEG_QUALITY, jpeg);
    FrameCodec frameCodec = new FrameCodec(limits, FrameCodec.DEFAULT_JPEG_QUALITY, jpeg);
    FramePixels framePixels =
        FramePixels.of(
            frameCodec, predictor.input(), config.framesResize(predictor.input().resize()), jpeg);

    Topology topology = new Topology();
    var bytes = Serdes.ByteArray();
    var counted = new CountingDeserializer<>(bytes.deserializer(), listener);
    topology.addSource(FRAMES_SOURCE, bytes.deserializer(), counted, topics.frames().name());
    topology.addSource(CLIPS_SOURCE, bytes.deserializer(), counted, topics.clips().name());
    topology.addSource(QUERIES_SOURCE, bytes.deserializer(), counted, topics.queries().name());

    boolean clipsToTopic = config.assembledClipsToTopic();
    String clipsChild = clipsToTopic ? ClipAssembler.CLIPS_SINK : INFERENCE;
    FrameSampler sampler = config.clipFps() > 0 ? new FrameSampler(config.clipFps()) : null;
    topology.addProcessor(
        ASSEMBLER,
        () ->
            new ClipAssembler(
                frameCodec,
                framePixels,
                sampler,
                clipCodec,
                clipsChild,
                rules,
                config.idleExpiry(),
                config.labelsHistoryFrames(),
                listener),
        FRAMES_SOURCE);
    InferenceSinks inferenceSinks = inferenceSinks(topics, listener);
    topology.addProcessor(
        INFERENCE,
        () ->
            new InferenceProcessor(
                predictor, clipCodec, config.idleExpiry(), listener, batching, inferenceSinks),
        clipsToTopic ? new String[] {CLIPS_SOURCE} : new String[] {CLIPS_SOURCE, ASSEMBLER});
    topology.addProcessor(
        QUERY, () -> new QueryProcessor(predictor, clipCodec, listener), QUERIES_SOURCE);

    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StateStores.CLIP_WINDOWS),
                Serdes.String(),
                Serdes.ByteArray())
            .withCachingEnabled()
            .withLoggingEnabled(changelogConfig(ClipWindow.maxEncodedBytes(rules))),
        ASSEMBLER,
        QUERY);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StateStores.CLIP_FRAMES),
                Serdes.Bytes(),
                Serdes.ByteArray())
            // the record cache: a frame dropped before the commit never reaches the changelog
            .withCachingEnabled()
            .withLoggingEnabled(changelogConfig(maxFrameBytes(rules, limits.maxRecordBytes()))),
        ASSEMBLER);
    if (sampler != null) {
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(StateStores.FRAME_SAMPLES),
                  Serdes.String(),
                  Serdes.ByteArray())
              .withCachingEnabled()
              .withLoggingEnabled(
                  changelogConfig(
                      FrameSampler.Pending.HEADER_BYTES
                          + maxFrameBytes(rules, limits.maxRecordBytes()))),
          ASSEMBLER);
    }
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StateStores.LATEST_CLIPS),
                Serdes.String(),
                Serdes.ByteArray())
            // the record cache keeps one changelog write per stream and commit, not one per clip
            .withCachingEnabled()
            .withLoggingEnabled(changelogConfig(LatestClips.STAMP_BYTES + limits.maxRecordBytes())),
        INFERENCE,
        QUERY);

    List<String> deadLetterParents = new ArrayList<>(List.of(ASSEMBLER, INFERENCE, QUERY));
    if (topics.labels().isPresent()) {
      addLabelResolver(
          topology, topics.labels().get(), config, predictor, listener, framePixels, clipCodec);
      deadLetterParents.add(LABEL_RESOLVER);
    }
    if (clipsToTopic) {
      topology.addSink(
          ClipAssembler.CLIPS_SINK,
          topics.clips().name(),
          bytes.serializer(),
          new CountingSerializer<>(bytes.serializer(), listener),
          ASSEMBLER);
    }
    topology.addSink(
        InferenceProcessor.PREDICTIONS_SINK,
        inferenceSinks.predictionsTopic(),
        inferenceSinks.predictionKeys(),
        inferenceSinks.predictionValues(),
        INFERENCE);
    topology.addSink(
        QueryProcessor.ANSWERS_SINK,
        topics.answers().name(),
        topics.answers().keySerde().serializer(),
        new CountingSerializer<>(topics.answers().valueSerde().serializer(), listener),
        QUERY);
    topology.addSink(
        DeadLetterRouter.SINK,
        inferenceSinks.deadLetterTopic(),
        inferenceSinks.deadLetterKeys(),
        inferenceSinks.deadLetterValues(),
        deadLetterParents.toArray(String[]::new));
    return topology;
  }

  /**
   * The labels source, the resolver, its sink and the frame history it shares with the assembler.
   */
  private static void addLabelResolver(
      Topology topology,
      Topic<String, byte[]> labels,
      StreamProcessorsConfig config,
      Predictor predictor,
      TopologyListener listener,
      FramePixels framePixels,
      ClipCodec clipCodec) {
    var bytes = Serdes.ByteArray();
    topology.addSource(
        LABELS_SOURCE,
        bytes.deserializer(),
        new CountingDeserializer<>(bytes.deserializer(), listener),
        labels.name());
    topology.addProcessor(
        LABEL_RESOLVER,
        () ->
            new LabelResolver(
                framePixels,
                clipCodec,
                predictor::schema,
                config.clipFrames(),
                config.maxGapFrames(),
                config.labelsHistoryFrames(),
                listener),
        LABELS_SOURCE);
    topology.addStateStore(
        // local only: a changelog would copy every frame once more through the broker
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StateStores.FRAME_HISTORY),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withCachingDisabled()
            .withLoggingDisabled(),
        ASSEMBLER,
        LABEL_RESOLVER);
    topology.addSink(
        LabelResolver.LABELS_SINK,
        labels.name(),
        bytes.serializer(),
        new CountingSerializer<>(bytes.serializer(), listener),
        LABEL_RESOLVER);
  }

  /**
   * The serializers of the predictions and dead-letter sinks (values counted by {@code listener}):
   * the sink nodes and the commit-time output of micro-batching share these instances.
   */
  public static InferenceSinks inferenceSinks(Topics topics, TopologyListener listener) {
    return new InferenceSinks(
        topics.predictions().name(),
        topics.predictions().keySerde().serializer(),
        new CountingSerializer<>(topics.predictions().valueSerde().serializer(), listener),
        topics.deadLetters().name(),
        topics.deadLetters().keySerde().serializer(),
        new CountingSerializer<>(topics.deadLetters().valueSerde().serializer(), listener));
  }

  /** Room for the record's key (a stream id, at most 256 bytes) and batch overhead. */
  static final int CHANGELOG_RECORD_OVERHEAD = 64 * 1024;

  /**
   * The largest frame a clip of {@code maxClipBytes} can hold under {@code rules}: the largest
   * value of {@link StateStores#CLIP_FRAMES}.
   */
  public static long maxFrameBytes(AssemblyRules rules, int maxClipBytes) {
    return Math.max(
        0, (maxClipBytes - ClipCodec.HEADER_BYTES) / rules.frames() - ClipCodec.FRAME_HEADER_BYTES);
  }

  /**
   * Changelog topic config allowing values of {@code maxValueBytes}: {@code max.message.bytes}
   * (applied when Kafka Streams creates the changelog topic).
   */
  static Map<String, String> changelogConfig(long maxValueBytes) {
    long bytes = Math.min(Integer.MAX_VALUE, maxValueBytes + CHANGELOG_RECORD_OVERHEAD);
    return Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(bytes));
  }
}
