package io.actionstream.streams.config;

import io.actionstream.core.image.JpegDecoder;
import io.actionstream.core.image.JpegDecoders;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.wire.WireLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the ActionStream topology, declared once: key constant, documentation, default
 * and validator. A bad value fails at construction with a {@link ConfigException} naming the key
 * and the allowed values. {@code docs/stream-processing.md} holds the reference table; a test
 * checks that every key of {@link #CONFIG} appears there.
 *
 * <p>Kafka Streams' own settings (application id, bootstrap servers, state directory, ...) are not
 * declared here; the service passes them to {@code KafkaStreams} directly, and {@link
 * #PROCESSING_GUARANTEE_CONFIG} is copied over by {@link #applyTo(Map)}.
 */
public final class StreamProcessorsConfig extends AbstractConfig {
  /** Frames topic name. */
  public static final String FRAMES_TOPIC_CONFIG = "topic.frames";

  private static final String FRAMES_TOPIC_DOC =
      "Topic of frame records (key = stream id, value = one image, metadata in as.* headers).";

  /** Clips topic name. */
  public static final String CLIPS_TOPIC_CONFIG = "topic.clips";

  private static final String CLIPS_TOPIC_DOC =
      "Topic of clip records (ASCL binary): written by the clip assembler and by producers of"
          + " pre-cut clips, read by the inference step. Co-partitioned with frames and queries.";

  /** Predictions topic name. */
  public static final String PREDICTIONS_TOPIC_CONFIG = "topic.predictions";

  private static final String PREDICTIONS_TOPIC_DOC =
      "Topic of Prediction JSON records, one per clip.";

  /** Queries topic name. */
  public static final String QUERIES_TOPIC_CONFIG = "topic.queries";

  private static final String QUERIES_TOPIC_DOC =
      "Topic of masked-property Query JSON records, keyed by the stream id asked about;"
          + " co-partitioned with frames and clips.";

  /** Answers topic name. */
  public static final String ANSWERS_TOPIC_CONFIG = "topic.answers";

  private static final String ANSWERS_TOPIC_DOC = "Topic of Answer JSON records, one per query.";

  /** Dead-letter topic name. */
  public static final String DLQ_TOPIC_CONFIG = "topic.dlq";

  private static final String DLQ_TOPIC_DOC =
      "Dead-letter topic: original key, value and headers plus as.dlq.* headers saying why.";

  /** Labels topic name. */
  public static final String LABELS_TOPIC_CONFIG = "topic.labels";

  private static final String LABELS_TOPIC_DOC =
      "Topic of label records (docs/wire-format.md, Label records). While"
          + " labels.history.frames > 0 the service reads it, resolves each label reference from the"
          + " frames it holds and writes the labelled clip back to it; co-partitioned with frames"
          + " then. The retraining job reads the labelled clips.";

  /** How frames of another size than the model's become its H×W. */
  public static final String FRAMES_RESIZE_CONFIG = "frames.resize";

  /** {@value #FRAMES_RESIZE_CONFIG} value: the policy the model's manifest declares. */
  public static final String FRAMES_RESIZE_MODEL = "model";

  private static final String FRAMES_RESIZE_DOC =
      "How a frame of any size becomes the model's H×W on arrival, before it joins its clip:"
          + " none (frames must already be H×W; a clip of another size is dead-lettered"
          + " BAD_DIMENSIONS), stretch, crop (the centred region of the model's aspect ratio) or"
          + " letterbox (the whole frame on black); model (default) takes the manifest's"
          + " input.resize, none where it declares none. JPEG is decoded at a reduced DCT scale"
          + " where that still covers H×W.";

  /** Which JPEG decoder reads frames. */
  public static final String FRAMES_JPEG_DECODER_CONFIG = "frames.jpeg.decoder";

  private static final String FRAMES_JPEG_DECODER_DOC =
      "JPEG decoder: turbojpeg (libjpeg-turbo's Java binding, Debian libturbojpeg-java +"
          + " libturbojpeg0-dev; refuses to start without it), imageio (pure Java, slower, no DCT"
          + " scaling) or auto (turbojpeg where it loads, else imageio, said in the log).";

  /** Every topic-name key, inputs first. */
  public static final List<String> TOPIC_CONFIGS =
      List.of(
          FRAMES_TOPIC_CONFIG,
          CLIPS_TOPIC_CONFIG,
          QUERIES_TOPIC_CONFIG,
          LABELS_TOPIC_CONFIG,
          PREDICTIONS_TOPIC_CONFIG,
          ANSWERS_TOPIC_CONFIG,
          DLQ_TOPIC_CONFIG);

  /** Frames per clip, T. */
  public static final String CLIP_FRAMES_CONFIG = "clip.frames";

  private static final String CLIP_FRAMES_DOC =
      "Frames per clip (T). Must equal the predictor's input length.";

  /** Stride between the first frames of consecutive clips, S. */
  public static final String CLIP_STRIDE_CONFIG = "clip.stride";

  private static final String CLIP_STRIDE_DOC =
      "Frames between the first frames of consecutive clips of a stream (S), 1..clip.frames;"
          + " S < T gives overlapping clips.";

  /** The clip's frame rate: faster streams are sampled down to it by capture time. */
  public static final String CLIP_FPS_CONFIG = "clip.fps";

  private static final String CLIP_FPS_DOC =
      "Frames per second of a clip: a faster stream is sampled by capture time, keeping per"
          + " sample (a grid of 1000/clip.fps ms) the frame nearest to it; windows, clips,"
          + " predictions and label references then count samples, not frame indices. 0 (default):"
          + " every frame, by its index.";

  /** Out-of-order tolerance in frames. */
  public static final String OUT_OF_ORDER_FRAMES_CONFIG = "assembly.out.of.order.frames";

  private static final String OUT_OF_ORDER_FRAMES_DOC =
      "How far (in frame indices) a missing frame may lag behind the highest index seen and still"
          + " be waited for; a frame arriving within this tolerance is placed by its index.";

  /** Largest gap (missing frames) bridged by repeating the last frame before it. */
  public static final String MAX_GAP_FRAMES_CONFIG = "assembly.max.gap.frames";

  private static final String MAX_GAP_FRAMES_DOC =
      "Largest run of lost frames bridged inside a clip by repeating the frame before the gap;"
          + " a longer gap restarts the stream's window after the gap. 0 = never bridge.";

  /** Idle time after which a stream's state is dropped. */
  public static final String IDLE_EXPIRY_MS_CONFIG = "assembly.idle.expiry.ms";

  private static final String IDLE_EXPIRY_MS_DOC =
      "A stream that has sent no frame (assembly window) or clip (latest clip for queries) for"
          + " this many milliseconds of wall-clock time has its state deleted.";

  /** Frames held per stream for resolving label references. */
  public static final String LABELS_HISTORY_FRAMES_CONFIG = "labels.history.frames";

  private static final String LABELS_HISTORY_FRAMES_DOC =
      "Frames of each stream the service keeps, as they arrived, to resolve label references"
          + " (a stream id and frame range) into labelled clips: the latest this many frame indices"
          + " of each stream, forgotten with the stream at assembly.idle.expiry.ms. Local state"
          + " without a changelog: frames held by an instance that stops or loses the partition are"
          + " gone, and references to them are dead-lettered as FRAMES_NOT_HELD. 0 turns label"
          + " references off: topic.labels is then not read.";

  /** Upper bound of {@link #LABELS_HISTORY_FRAMES_CONFIG}. */
  public static final int LABELS_HISTORY_FRAMES_LIMIT = 1_000_000;

  /** Where assembled clips go. */
  public static final String ASSEMBLY_OUTPUT_CONFIG = "assembly.output";

  /** {@link #ASSEMBLY_OUTPUT_CONFIG}: hand clips to the inference step in memory. */
  public static final String ASSEMBLY_OUTPUT_INFERENCE = "inference";

  /** {@link #ASSEMBLY_OUTPUT_CONFIG}: write clips to the clips topic. */
  public static final String ASSEMBLY_OUTPUT_CLIPS_TOPIC = "clips-topic";

  private static final String ASSEMBLY_OUTPUT_DOC =
      "Where the clips assembled from frames go. inference (default): handed to the inference"
          + " step in memory, in the same task, with no round trip through the broker. clips-topic:"
          + " written to topic.clips, where the inference step reads them like clips written by"
          + " producers (use it when other consumers need the assembled clips; it costs one more"
          + " write and read of every clip). Each clip gets exactly one prediction either way.";

  /** Largest number of clips per predictor call. */
  public static final String MAX_BATCH_SIZE_CONFIG = "inference.max.batch.size";

  private static final String MAX_BATCH_SIZE_DOC =
      "Largest number of clips passed to one predictor call, 1..1024. 1 (default) calls the"
          + " predictor once per clip. Above 1, clips are micro-batched. Batching and pipelining"
          + " (inference.max.in.flight.batches) need Kafka Streams created with"
          + " InferenceBatching.clientSupplier(), which writes every pending result before each"
          + " commit (see docs/stream-processing.md, Micro-batching).";

  /** Upper bound of {@link #MAX_BATCH_SIZE_CONFIG}. */
  public static final int MAX_BATCH_SIZE_LIMIT = 1024;

  /** Longest time a clip waits for its batch to fill. */
  public static final String MAX_WAIT_MS_CONFIG = "inference.max.wait.ms";

  private static final String MAX_WAIT_MS_DOC =
      "Longest time in milliseconds, 0..60000, a clip may wait for its batch to fill before the"
          + " batch runs anyway (checked by wall-clock punctuation and on every clip; a commit also"
          + " runs the batch). 0 runs every clip at once. No effect while inference.max.batch.size"
          + " is 1.";

  /** Batches that may run on a stream thread's inference thread at once. */
  public static final String MAX_IN_FLIGHT_BATCHES_CONFIG = "inference.max.in.flight.batches";

  private static final String MAX_IN_FLIGHT_BATCHES_DOC =
      "Pipelining, 0..16. Above 0 (default 4), each stream thread hands its due batches to an"
          + " inference thread of its own and goes on reading, assembling and forwarding while the"
          + " model runs; at most this many batches are handed over at once. 0 runs each predictor"
          + " call on the stream thread, which waits for it. The stream thread writes their results in"
          + " order, and all of them before every commit, so nothing is committed before its"
          + " prediction exists. Like inference.max.batch.size above 1, it needs Kafka Streams"
          + " created with InferenceBatching.clientSupplier(). Under at_least_once with"
          + " assembly.output=inference it defaults to 0 and may not be set above 0 (a crash could"
          + " lose a clip assembled in memory while it waits).";

  /** Upper bound of {@link #MAX_IN_FLIGHT_BATCHES_CONFIG}. */
  public static final int MAX_IN_FLIGHT_BATCHES_LIMIT = 16;

  /** Largest encoded record value the topology reads or writes (frames, clips). */
  public static final String MAX_RECORD_BYTES_CONFIG = "wire.max.record.bytes";

  private static final String MAX_RECORD_BYTES_DOC =
      "Largest encoded frame or clip record value, in bytes, that the topology reads or writes"
          + " (WireLimits.maxRecordBytes). A frame that would make its assembled raw clip larger"
          + " (20 + T*(12 + W*H*3) bytes) is dead-lettered as OVERSIZE instead of failing when"
          + " the clip is encoded. Keep it at most the clips topic's max.message.bytes.";

  /** Processing guarantee, passed to Kafka Streams. */
  public static final String PROCESSING_GUARANTEE_CONFIG =
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG;

  private static final String PROCESSING_GUARANTEE_DOC =
      "Kafka Streams processing guarantee: exactly_once_v2 (default) or at_least_once.";

  /** The definition of every key. */
  public static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              FRAMES_TOPIC_CONFIG,
              Type.STRING,
              "frames",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              FRAMES_TOPIC_DOC)
          .define(
              CLIPS_TOPIC_CONFIG,
              Type.STRING,
              "clips",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              CLIPS_TOPIC_DOC)
          .define(
              PREDICTIONS_TOPIC_CONFIG,
              Type.STRING,
              "predictions",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              PREDICTIONS_TOPIC_DOC)
          .define(
              QUERIES_TOPIC_CONFIG,
              Type.STRING,
              "queries",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              QUERIES_TOPIC_DOC)
          .define(
              ANSWERS_TOPIC_CONFIG,
              Type.STRING,
              "answers",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              ANSWERS_TOPIC_DOC)
          .define(
              LABELS_TOPIC_CONFIG,
              Type.STRING,
              "labels",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.MEDIUM,
              LABELS_TOPIC_DOC)
          .define(
              DLQ_TOPIC_CONFIG,
              Type.STRING,
              "dlq",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              DLQ_TOPIC_DOC)
          .define(
              CLIP_FRAMES_CONFIG,
              Type.INT,
              16,
              Range.between(1, 256),
              Importance.HIGH,
              CLIP_FRAMES_DOC)
          .define(
              CLIP_STRIDE_CONFIG,
              Type.INT,
              8,
              Range.between(1, 256),
              Importance.HIGH,
              CLIP_STRIDE_DOC)
          .define(
              OUT_OF_ORDER_FRAMES_CONFIG,
              Type.INT,
              2,
              Range.between(0, 1024),
              Importance.MEDIUM,
              OUT_OF_ORDER_FRAMES_DOC)
          .define(
              MAX_GAP_FRAMES_CONFIG,
              Type.INT,
              0,
              Range.between(0, 1024),
              Importance.MEDIUM,
              MAX_GAP_FRAMES_DOC)
          .define(
              IDLE_EXPIRY_MS_CONFIG,
              Type.LONG,
              600_000L,
              Range.between(1, Long.MAX_VALUE / 2),
              Importance.MEDIUM,
              IDLE_EXPIRY_MS_DOC)
          .define(
              LABELS_HISTORY_FRAMES_CONFIG,
              Type.INT,
              900,
              Range.between(0, LABELS_HISTORY_FRAMES_LIMIT),
              Importance.MEDIUM,
              LABELS_HISTORY_FRAMES_DOC)
          .define(
              ASSEMBLY_OUTPUT_CONFIG,
              Type.STRING,
              ASSEMBLY_OUTPUT_INFERENCE,
              ValidString.in(ASSEMBLY_OUTPUT_INFERENCE, ASSEMBLY_OUTPUT_CLIPS_TOPIC),
              Importance.MEDIUM,
              ASSEMBLY_OUTPUT_DOC)
          .define(
              CLIP_FPS_CONFIG,
              Type.DOUBLE,
              0.0,
              Range.between(0.0, 1000.0),
              Importance.MEDIUM,
              CLIP_FPS_DOC)
          .define(
              FRAMES_RESIZE_CONFIG,
              Type.STRING,
              FRAMES_RESIZE_MODEL,
              ValidString.in(
                  FRAMES_RESIZE_MODEL,
                  ResizePolicy.NONE.configName(),
                  ResizePolicy.STRETCH.configName(),
                  ResizePolicy.CROP.configName(),
                  ResizePolicy.LETTERBOX.configName()),
              Importance.MEDIUM,
              FRAMES_RESIZE_DOC)
          .define(
              FRAMES_JPEG_DECODER_CONFIG,
              Type.STRING,
              "auto",
              ValidString.in("auto", "turbojpeg", "imageio"),
              Importance.LOW,
              FRAMES_JPEG_DECODER_DOC)
          .define(
              MAX_BATCH_SIZE_CONFIG,
              Type.INT,
              1,
              Range.between(1, MAX_BATCH_SIZE_LIMIT),
              Importance.MEDIUM,
              MAX_BATCH_SIZE_DOC)
          .define(
              MAX_WAIT_MS_CONFIG,
              Type.LONG,
              10L,
              Range.between(0, 60_000),
              Importance.LOW,
              MAX_WAIT_MS_DOC)
          .define(
              MAX_IN_FLIGHT_BATCHES_CONFIG,
              Type.INT,
              4,
              Range.between(0, MAX_IN_FLIGHT_BATCHES_LIMIT),
              Importance.MEDIUM,
              MAX_IN_FLIGHT_BATCHES_DOC)
          .define(
              MAX_RECORD_BYTES_CONFIG,
              Type.INT,
              WireLimits.DEFAULT.maxRecordBytes(),
              Range.between(64, Integer.MAX_VALUE - 8),
              Importance.MEDIUM,
              MAX_RECORD_BYTES_DOC)
          .define(
              PROCESSING_GUARANTEE_CONFIG,
              Type.STRING,
              StreamsConfig.EXACTLY_ONCE_V2,
              ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
              Importance.HIGH,
              PROCESSING_GUARANTEE_DOC);

  /**
   * Parses and checks the settings; missing keys take their defaults.
   *
   * @throws ConfigException naming the key of the first bad value
   */
  public StreamProcessorsConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
    int frames = getInt(CLIP_FRAMES_CONFIG);
    int stride = getInt(CLIP_STRIDE_CONFIG);
    if (stride > frames) {
      throw new ConfigException(
          CLIP_STRIDE_CONFIG, stride, "must be in 1.." + CLIP_FRAMES_CONFIG + " (" + frames + ")");
    }
    if (atLeastOnceInMemory() && (maxBatchSize() > 1 || maxInFlightBatches() > 0)) {
      // the assembler's window (changelogged, flushed before the commit hooks run) would be ahead
      // of a clip that exists only in the batcher: a crash then loses that clip for good
      throw new ConfigException(
          ASSEMBLY_OUTPUT_CONFIG,
          getString(ASSEMBLY_OUTPUT_CONFIG),
          "under at_least_once a clip assembled in memory must not wait for its batch (a crash"
              + " could lose it: the assembly window is persisted before the batch runs). Set"
              + " assembly.output=clips-topic, or inference.max.batch.size=1 and"
              + " inference.max.in.flight.batches=0, or use exactly_once_v2");
    }
  }

  private boolean atLeastOnceInMemory() {
    return StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee()) && !assembledClipsToTopic();
  }

  /** The defaults. */
  public static StreamProcessorsConfig defaults() {
    return new StreamProcessorsConfig(Map.of());
  }

  /** Frames per clip, T. */
  public int clipFrames() {
    return getInt(CLIP_FRAMES_CONFIG);
  }

  /** Stride, S. */
  public int clipStride() {
    return getInt(CLIP_STRIDE_CONFIG);
  }

  /** The clip frame rate, 0 for every frame ({@value #CLIP_FPS_CONFIG}). */
  public double clipFps() {
    return getDouble(CLIP_FPS_CONFIG);
  }

  /** Out-of-order tolerance in frames. */
  public int outOfOrderFrames() {
    return getInt(OUT_OF_ORDER_FRAMES_CONFIG);
  }

  /** Largest bridged gap in frames. */
  public int maxGapFrames() {
    return getInt(MAX_GAP_FRAMES_CONFIG);
  }

  /** Idle expiry of per-stream state. */
  public Duration idleExpiry() {
    return Duration.ofMillis(getLong(IDLE_EXPIRY_MS_CONFIG));
  }

  /** Frames held per stream for label references; 0 = references off. */
  public int labelsHistoryFrames() {
    return getInt(LABELS_HISTORY_FRAMES_CONFIG);
  }

  /** Whether label references are resolved (and the labels topic read). */
  public boolean resolvesLabelReferences() {
    return labelsHistoryFrames() > 0;
  }

  /** Whether assembled clips are written to the clips topic ({@code assembly.output}). */
  public boolean assembledClipsToTopic() {
    return ASSEMBLY_OUTPUT_CLIPS_TOPIC.equals(getString(ASSEMBLY_OUTPUT_CONFIG));
  }

  /**
   * The resize policy for a model that declares {@code declared}: the configured one, or the
   * declared one under {@value #FRAMES_RESIZE_MODEL}.
   */
  public ResizePolicy framesResize(ResizePolicy declared) {
    String value = getString(FRAMES_RESIZE_CONFIG);
    return value.equals(FRAMES_RESIZE_MODEL) ? declared : ResizePolicy.parse(value);
  }

  /** The configured JPEG decoder ({@link JpegDecoders#named}). */
  public JpegDecoder jpegDecoder() {
    try {
      return JpegDecoders.named(getString(FRAMES_JPEG_DECODER_CONFIG));
    } catch (IllegalStateException e) {
      throw new ConfigException(
          FRAMES_JPEG_DECODER_CONFIG, getString(FRAMES_JPEG_DECODER_CONFIG), e.getMessage());
    }
  }

  /** Largest batch per predictor call. */
  public int maxBatchSize() {
    return getInt(MAX_BATCH_SIZE_CONFIG);
  }

  /** Longest wait of a clip for its batch. */
  public Duration maxWait() {
    return Duration.ofMillis(getLong(MAX_WAIT_MS_CONFIG));
  }

  /**
   * Batches a stream thread's inference thread may hold at once; 0 = no pipelining. When the key is
   * not set, under at_least_once with {@code assembly.output=inference} it is 0 (see the
   * constructor's check), else its default.
   */
  public int maxInFlightBatches() {
    if (!originals().containsKey(MAX_IN_FLIGHT_BATCHES_CONFIG) && atLeastOnceInMemory()) {
      return 0;
    }
    return getInt(MAX_IN_FLIGHT_BATCHES_CONFIG);
  }

  /** Largest encoded frame or clip record value in bytes. */
  public int maxRecordBytes() {
    return getInt(MAX_RECORD_BYTES_CONFIG);
  }

  /** The wire limits of the topology's codecs: the defaults with {@link #maxRecordBytes()}. */
  public WireLimits wireLimits() {
    return WireLimits.DEFAULT.withMaxRecordBytes(maxRecordBytes());
  }

  /** {@code exactly_once_v2} or {@code at_least_once}. */
  public String processingGuarantee() {
    return getString(PROCESSING_GUARANTEE_CONFIG);
  }

  /**
   * Copies the settings Kafka Streams must share with the topology (the processing guarantee) into
   * {@code streamsProperties} and returns it.
   */
  public <M extends Map<Object, Object>> M applyTo(M streamsProperties) {
    streamsProperties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee());
    return streamsProperties;
  }
}
