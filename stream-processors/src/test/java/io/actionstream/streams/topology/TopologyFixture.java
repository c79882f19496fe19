package io.actionstream.streams.topology;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.Query;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.inference.FakePredictor;
import io.actionstream.streams.inference.InferenceBatching;
import io.actionstream.streams.predictor.ModelInput;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The real topology in a {@link TopologyTestDriver}, with the fake predictor and typed topics. */
final class TopologyFixture implements AutoCloseable {
  static final int T = 4;
  static final int S = 2;

  final FakePredictor predictor;
  final RecordingListener listener = new RecordingListener();
  final StreamProcessorsConfig config;
  final Topics topics;
  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> frames;
  final TestInputTopic<String, byte[]> clipsIn;
  final TestInputTopic<String, byte[]> queries;
  final TestInputTopic<String, byte[]> labelsIn;
  final TestOutputTopic<byte[], byte[]> labels;
  final TestOutputTopic<String, Clip> clips;
  final TestOutputTopic<String, Prediction> predictions;
  final TestOutputTopic<String, Answer> answers;
  final TestOutputTopic<byte[], byte[]> dlq;
  private final Path stateDir;
  private long offsetTime = TestFrames.T0;

  TopologyFixture(Map<String, Object> overrides) {
    this(overrides, c -> InferenceBatching.none());
  }

  /**
   * A fixture whose topology batches as {@code batching} says for its config; use {@link
   * InferenceBatching#withoutCommitHooksForTopologyTestDriver} to batch in the test driver.
   */
  TopologyFixture(
      Map<String, Object> overrides, Function<StreamProcessorsConfig, InferenceBatching> batching) {
    this(overrides, batching, new ModelInput(T, TestFrames.SIZE, TestFrames.SIZE));
  }

  /** A fixture whose fake model takes {@code input}. */
  TopologyFixture(
      Map<String, Object> overrides,
      Function<StreamProcessorsConfig, InferenceBatching> batching,
      ModelInput input) {
    predictor = new FakePredictor(input);
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamProcessorsConfig.CLIP_FRAMES_CONFIG, T);
    settings.put(StreamProcessorsConfig.CLIP_STRIDE_CONFIG, S);
    settings.putAll(overrides);
    config = new StreamProcessorsConfig(settings);
    topics = Topics.of(config);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    // own state directory: not the shared /tmp/kafka-streams/<app id> of other test JVMs
    stateDir = newStateDir();
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    config.applyTo(props);
    driver =
        new TopologyTestDriver(
            ActionStreamTopology.build(config, predictor, listener, batching.apply(config)),
            props,
            Instant.ofEpochMilli(0));
    StringSerializer keys = new StringSerializer();
    ByteArraySerializer values = new ByteArraySerializer();
    frames = driver.createInputTopic(topics.frames().name(), keys, values);
    clipsIn = driver.createInputTopic(topics.clips().name(), keys, values);
    queries = driver.createInputTopic(topics.queries().name(), keys, values);
    clips =
        driver.createOutputTopic(
            topics.clips().name(),
            WireSerdes.streamId().deserializer(),
            WireSerdes.clip().deserializer());
    predictions =
        driver.createOutputTopic(
            topics.predictions().name(),
            WireSerdes.streamId().deserializer(),
            WireSerdes.prediction().deserializer());
    answers =
        driver.createOutputTopic(
            topics.answers().name(),
            WireSerdes.streamId().deserializer(),
            WireSerdes.answer().deserializer());
    String labelsTopic = config.getString(StreamProcessorsConfig.LABELS_TOPIC_CONFIG);
    labelsIn = driver.createInputTopic(labelsTopic, keys, values);
    labels =
        driver.createOutputTopic(
            labelsTopic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    dlq =
        driver.createOutputTopic(
            topics.deadLetters().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  TopologyFixture() {
    this(Map.of());
  }

  /**
   * A fixture with {@code assembly.output=clips-topic} (and {@code overrides}): assembled clips are
   * written to the clips topic, where {@link #clips} reads them.
   */
  static TopologyFixture clipsOnTopic(Map<String, Object> overrides) {
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.put(
        StreamProcessorsConfig.ASSEMBLY_OUTPUT_CONFIG,
        StreamProcessorsConfig.ASSEMBLY_OUTPUT_CLIPS_TOPIC);
    return new TopologyFixture(settings);
  }

  /** {@link #clipsOnTopic(Map)} without other overrides. */
  static TopologyFixture clipsOnTopic() {
    return clipsOnTopic(Map.of());
  }

  private static Path newStateDir() {
    try {
      return Files.createTempDirectory("topology-fixture");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pipes a good raw frame. */
  void frame(String stream, long index) {
    frame(stream, index, TestFrames.SIZE);
  }

  /** Pipes a good raw frame of another size. */
  void frame(String stream, long index, int size) {
    pipe(frames, stream, TestFrames.rgb(index, size), TestFrames.headers(index, size));
  }

  /** Pipes any bytes and headers to {@code topic}. */
  void pipe(TestInputTopic<String, byte[]> topic, String key, byte[] value, Headers headers) {
    topic.pipeInput(new TestRecord<>(key, value, headers, offsetTime++));
  }

  /** Pipes a clip record. */
  void clip(String stream, Clip clip) {
    pipe(clipsIn, stream, WireSerdes.clip().serializer().serialize("", clip), new RecordHeaders());
  }

  /** Pipes a query. */
  void query(String stream, String id, List<String> properties) {
    query(stream, WireSerdes.query().write(Query.of(id, stream, properties, 1)));
  }

  /** Pipes raw query bytes. */
  void query(String stream, byte[] json) {
    pipe(queries, stream, json, new RecordHeaders());
  }

  /** A sentence of the default schema: word {@code k} of every slot. */
  static String sentence(int k) {
    return io.actionstream.core.schema.PropertySchema.defaultSchema().slots().stream()
        .map(slot -> slot.words().get(k))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  /** Pipes a label reference keyed by its stream. */
  void reference(io.actionstream.core.wire.LabelReference ref) {
    pipe(labelsIn, ref.streamId(), WireSerdes.labelReference().write(ref), new RecordHeaders());
  }

  /** The labelled clip of a record the label resolver wrote. */
  static io.actionstream.core.clip.LabelledClip labelled(TestRecord<byte[], byte[]> record) {
    return new io.actionstream.core.wire.LabelCodec(new io.actionstream.core.wire.ClipCodec())
        .decode(
            record.key(),
            record.headers(),
            record.value(),
            io.actionstream.core.schema.PropertySchema.defaultSchema());
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The dead-letter info of a dead-letter record. */
  static DeadLetterInfo info(TestRecord<byte[], byte[]> record) {
    return DeadLetters.read(record.headers());
  }

  @Override
  public void close() {
    driver.close();
    try (Stream<Path> paths = Files.walk(stateDir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
