package io.actionstream.service.config;

import io.actionstream.core.registry.DirectoryRegistry;
import io.actionstream.core.registry.KafkaRegistry;
import io.actionstream.core.registry.KafkaRegistryConfig;
import io.actionstream.core.registry.ModelRegistry;
import io.actionstream.core.util.KeySuggestions;
import io.actionstream.service.predict.PredictorOptions;
import io.actionstream.service.predict.PredictorOptions.ExecutionProvider;
import io.actionstream.service.predict.PredictorOptions.Optimisation;
import io.actionstream.streams.config.StreamProcessorsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.CaseInsensitiveValidString;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyStringWithoutControlChars;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the inference service, declared once in {@link #CONFIG} (key, documentation,
 * default, validator), plus the topology's keys ({@link StreamProcessorsConfig#CONFIG}) and every
 * other key passed through to Kafka Streams and its clients.
 *
 * <p>A key that starts with one of the service's own prefixes ({@link #OWN_PREFIXES}) but is
 * declared nowhere is refused as a typo. Kafka Streams' own keys are checked by building a {@link
 * StreamsConfig} from them. Every failure is a {@link ConfigException} naming the key; {@link
 * ConfigSources} adds where the value came from. {@code docs/operations.md} holds the reference
 * table (checked by a test).
 */
public final class ServiceConfig extends AbstractConfig {
  /** Where the model comes from: a package directory or the registry. */
  public static final String MODEL_SOURCE_CONFIG = "model.source";

  /** Model package directory ({@code model.source=path}). */
  public static final String MODEL_PATH_CONFIG = "model.path";

  /** A registry directory instead of Kafka topics ({@code model.source=registry}). */
  public static final String REGISTRY_DIRECTORY_CONFIG = "model.registry.directory";

  /** The registry's packages topic. */
  public static final String REGISTRY_PACKAGES_TOPIC_CONFIG = "model.registry.packages.topic";

  /** The registry's events topic. */
  public static final String REGISTRY_EVENTS_TOPIC_CONFIG = "model.registry.events.topic";

  /** Where fetched packages are written. */
  public static final String REGISTRY_CACHE_DIR_CONFIG = "model.registry.cache.dir";

  /** Longest wait for a registry change in one poll of the model watcher. */
  public static final String REGISTRY_POLL_MS_CONFIG = "model.registry.poll.ms";

  /** Execution provider: auto, cpu or cuda. */
  public static final String EXECUTION_PROVIDER_CONFIG = "predictor.execution.provider";

  /** ONNX Runtime intra-op threads (0 = ONNX Runtime's default). */
  public static final String INTRA_OP_THREADS_CONFIG = "predictor.intra.op.threads";

  /** ONNX Runtime graph optimisation level. */
  public static final String OPTIMISATION_CONFIG = "predictor.optimisation";

  /** HTTP bind address. */
  public static final String HTTP_HOST_CONFIG = "http.host";

  /** HTTP port (0 = any free port). */
  public static final String HTTP_PORT_CONFIG = "http.port";

  /** Longest time {@code close()} takes. */
  public static final String SHUTDOWN_TIMEOUT_MS_CONFIG = "shutdown.timeout.ms";

  /** Create missing topics at start-up. */
  public static final String TOPICS_CREATE_CONFIG = "topics.create";

  /** Partitions of topics created at start-up. */
  public static final String TOPICS_PARTITIONS_CONFIG = "topics.partitions";

  /** Replication factor of topics created at start-up. */
  public static final String TOPICS_REPLICATION_FACTOR_CONFIG = "topics.replication.factor";

  /** Kafka Streams application id (required; passed through). */
  public static final String APPLICATION_ID_CONFIG = StreamsConfig.APPLICATION_ID_CONFIG;

  /** Kafka bootstrap servers (required; passed through). */
  public static final String BOOTSTRAP_SERVERS_CONFIG = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;

  /**
   * Prefixes of keys that belong to the service or the topology: an undeclared key with one of them
   * is a typo and refused.
   */
  public static final List<String> OWN_PREFIXES =
      List.of(
          "model.",
          "predictor.",
          "http.",
          "shutdown.",
          "topics.",
          "topic.",
          "clip.",
          "assembly.",
          "inference.",
          "wire.");

  /** The service's own keys (the topology's are in {@link StreamProcessorsConfig#CONFIG}). */
  public static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              MODEL_SOURCE_CONFIG,
              Type.STRING,
              "path",
              CaseInsensitiveValidString.in("path", "registry"),
              Importance.HIGH,
              "Where the model comes from: path (the package in model.path, fixed while the"
                  + " service runs) or registry (the registry's serving version, followed through"
                  + " promotions and rollbacks, see model-registry.md).")
          .define(
              MODEL_PATH_CONFIG,
              Type.STRING,
              null,
              new NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "Directory of the model package to serve (manifest.json + model.onnx, see"
                  + " model-package.md). Required when model.source=path.")
          .define(
              REGISTRY_DIRECTORY_CONFIG,
              Type.STRING,
              null,
              new NonEmptyStringWithoutControlChars(),
              Importance.MEDIUM,
              "A directory registry to follow instead of the Kafka topics (local use).")
          .define(
              REGISTRY_PACKAGES_TOPIC_CONFIG,
              Type.STRING,
              KafkaRegistryConfig.DEFAULT_PACKAGES_TOPIC,
              new NonEmptyStringWithoutControlChars(),
              Importance.MEDIUM,
              "The registry's compacted topic of package chunks.")
          .define(
              REGISTRY_EVENTS_TOPIC_CONFIG,
              Type.STRING,
              KafkaRegistryConfig.DEFAULT_EVENTS_TOPIC,
              new NonEmptyStringWithoutControlChars(),
              Importance.MEDIUM,
              "The registry's compacted one-partition topic of events.")
          .define(
              REGISTRY_CACHE_DIR_CONFIG,
              Type.STRING,
              null,
              new NonEmptyStringWithoutControlChars(),
              Importance.LOW,
              "Where packages fetched from the registry are written; default"
                  + " <java.io.tmpdir>/actionstream-models/<application.id>.")
          .define(
              REGISTRY_POLL_MS_CONFIG,
              Type.LONG,
              1_000L,
              Range.between(10, 60_000),
              Importance.LOW,
              "Longest wait for a registry change in one poll of the model watcher; a promotion"
                  + " is seen at once, this bounds how long a stop waits for the watcher.")
          .define(
              EXECUTION_PROVIDER_CONFIG,
              Type.STRING,
              "auto",
              CaseInsensitiveValidString.in("auto", "cpu", "cuda"),
              Importance.MEDIUM,
              "Where the model runs: cpu, cuda (fails at start-up without CUDA) or auto (CUDA if"
                  + " it can be had, else CPU with a warning and actionstream.predictor.cuda"
                  + ".fallback = 1).")
          .define(
              INTRA_OP_THREADS_CONFIG,
              Type.INT,
              0,
              Range.between(0, 1024),
              Importance.MEDIUM,
              "ONNX Runtime threads inside one operator; 0 = ONNX Runtime's default (one per"
                  + " physical core). Keep num.stream.threads + this <= cores.")
          .define(
              OPTIMISATION_CONFIG,
              Type.STRING,
              "all",
              CaseInsensitiveValidString.in("none", "basic", "extended", "all"),
              Importance.LOW,
              "ONNX Runtime graph optimisation level: none, basic, extended or all.")
          .define(
              HTTP_HOST_CONFIG,
              Type.STRING,
              "0.0.0.0",
              new NonEmptyStringWithoutControlChars(),
              Importance.MEDIUM,
              "Address the HTTP server (health, metrics) binds to.")
          .define(
              HTTP_PORT_CONFIG,
              Type.INT,
              8080,
              Range.between(0, 65535),
              Importance.MEDIUM,
              "Port of the HTTP server; 0 = any free port (logged at start-up).")
          .define(
              SHUTDOWN_TIMEOUT_MS_CONFIG,
              Type.LONG,
              30_000L,
              Range.between(1, 3_600_000),
              Importance.MEDIUM,
              "Longest time closing the service takes: Kafka Streams gets this long to finish its"
                  + " work and leave the group; then the HTTP server and the model are closed.")
          .define(
              TOPICS_CREATE_CONFIG,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "Create missing topics at start-up with topics.partitions and"
                  + " topics.replication.factor (for demos and tests; production topics are"
                  + " created by their owners).")
          .define(
              TOPICS_PARTITIONS_CONFIG,
              Type.INT,
              1,
              Range.between(1, 10_000),
              Importance.LOW,
              "Partitions of topics created by topics.create.")
          .define(
              TOPICS_REPLICATION_FACTOR_CONFIG,
              Type.SHORT,
              (short) 1,
              Range.between(1, Short.MAX_VALUE),
              Importance.LOW,
              "Replication factor of topics created by topics.create.")
          .define(
              APPLICATION_ID_CONFIG,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "Kafka Streams application id: consumer group, transactional id and internal topic"
                  + " prefix; the same on every instance of one deployment. Required; passed to"
                  + " Kafka Streams.")
          .define(
              BOOTSTRAP_SERVERS_CONFIG,
              Type.LIST,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonNullValidator(),
              Importance.HIGH,
              "Kafka bootstrap servers, host:port[,host:port...]. Required; passed to Kafka"
                  + " Streams and the admin client.");

  private final Map<String, String> originalStrings;
  private final StreamProcessorsConfig streamProcessors;
  private final Properties streamsProperties;

  /**
   * Parses and checks {@code settings}: the service's keys, the topology's keys and Kafka's.
   *
   * @throws ConfigException naming the key of the first bad, missing or unknown value
   */
  public ServiceConfig(Map<String, String> settings) {
    super(CONFIG, settings, false);
    this.originalStrings = new TreeMap<>(settings);
    if (getList(BOOTSTRAP_SERVERS_CONFIG).isEmpty()) {
      throw new ConfigException(BOOTSTRAP_SERVERS_CONFIG, "", "must name at least one broker");
    }
    refuseTypos(settings);
    if (modelSource() == ModelSource.PATH && getString(MODEL_PATH_CONFIG) == null) {
      throw new ConfigException(
          "Missing required configuration \""
              + MODEL_PATH_CONFIG
              + "\" which has no default value: it is required when model.source=path (the"
              + " default).");
    }
    this.streamProcessors = new StreamProcessorsConfig(topologySettings(settings));
    this.streamsProperties = buildStreamsProperties(settings, streamProcessors);
  }

  private static void refuseTypos(Map<String, String> settings) {
    for (String key : settings.keySet()) {
      if (isOwn(key) && !declared(key)) {
        String hint =
            KeySuggestions.closest(key, ownKeys()).map(k -> "; did you mean " + k + "?").orElse("");
        throw new ConfigException(
            key,
            Secrets.mask(key, settings.get(key)),
            "unknown key"
                + hint
                + " (not a setting of the service or the topology, see"
                + " docs/operations.md)");
      }
    }
  }

  private static boolean isOwn(String key) {
    return OWN_PREFIXES.stream().anyMatch(key::startsWith);
  }

  private static boolean declared(String key) {
    return CONFIG.names().contains(key) || StreamProcessorsConfig.CONFIG.names().contains(key);
  }

  /** Every declared key of the service and the topology. */
  static List<String> ownKeys() {
    List<String> keys = new ArrayList<>(CONFIG.names());
    keys.addAll(StreamProcessorsConfig.CONFIG.names());
    return keys;
  }

  private static Map<String, String> topologySettings(Map<String, String> settings) {
    Map<String, String> topology = new LinkedHashMap<>();
    settings.forEach(
        (k, v) -> {
          if (StreamProcessorsConfig.CONFIG.names().contains(k)) {
            topology.put(k, v);
          }
        });
    return topology;
  }

  /**
   * Kafka Streams properties: every key that is neither the service's nor the topology's, plus
   * {@code application.id}, {@code bootstrap.servers}, {@code processing.guarantee} and the
   * producer's {@code max.request.size} ({@link RecordSizes}).
   */
  private static Properties buildStreamsProperties(
      Map<String, String> settings, StreamProcessorsConfig topology) {
    Properties props = new Properties();
    settings.forEach(
        (k, v) -> {
          boolean service = CONFIG.names().contains(k) && !isPassedThrough(k);
          if (!service && !StreamProcessorsConfig.CONFIG.names().contains(k)) {
            props.put(k, v);
          }
        });
    topology.applyTo(props);
    RecordSizes.applyMaxRequestSize(props, topology);
    // Kafka Streams checks its own keys (types, ranges); a ConfigException names the key.
    new StreamsConfig(props);
    return props;
  }

  private static boolean isPassedThrough(String key) {
    return key.equals(APPLICATION_ID_CONFIG) || key.equals(BOOTSTRAP_SERVERS_CONFIG);
  }

  /** The topology's settings. */
  public StreamProcessorsConfig streamProcessors() {
    return streamProcessors;
  }

  /** A copy of the properties for {@code new KafkaStreams(...)}. */
  public Properties streamsProperties() {
    Properties copy = new Properties();
    copy.putAll(streamsProperties);
    return copy;
  }

  /**
   * Properties for an admin client with the same connection and security settings as Kafka Streams'
   * (its {@code admin.} prefixed keys included).
   */
  public Map<String, Object> adminProperties() {
    Map<String, Object> admin =
        new StreamsConfig(streamsProperties).getAdminConfigs(getString(APPLICATION_ID_CONFIG));
    admin.put(CommonClientConfigs.CLIENT_ID_CONFIG, getString(APPLICATION_ID_CONFIG) + "-setup");
    return admin;
  }

  /** Where the model comes from. */
  public enum ModelSource {
    /** The package in {@code model.path}. */
    PATH,
    /** The registry's serving version, followed while the service runs. */
    REGISTRY
  }

  /** Where the model comes from. */
  public ModelSource modelSource() {
    return ModelSource.valueOf(getString(MODEL_SOURCE_CONFIG).toUpperCase(Locale.ROOT));
  }

  /** The model package directory ({@code model.source=path}). */
  public Path modelPath() {
    return Path.of(getString(MODEL_PATH_CONFIG));
  }

  /** Opens the registry {@code model.source=registry} follows. */
  public ModelRegistry openRegistry() {
    return openRegistry(createTopics());
  }

  /** Opens the registry, creating its missing topics if {@code create}. */
  public ModelRegistry openRegistry(boolean create) {
    String dir = getString(REGISTRY_DIRECTORY_CONFIG);
    if (dir != null) {
      return DirectoryRegistry.open(Path.of(dir));
    }
    Map<String, Object> client = adminProperties();
    client.put(CommonClientConfigs.CLIENT_ID_CONFIG, applicationId() + "-registry");
    return KafkaRegistry.open(
        new KafkaRegistryConfig(
            client,
            getString(REGISTRY_PACKAGES_TOPIC_CONFIG),
            getString(REGISTRY_EVENTS_TOPIC_CONFIG),
            KafkaRegistryConfig.DEFAULT_CHUNK_BYTES,
            create,
            topicReplicationFactor()));
  }

  /** Where packages fetched from the registry are written. */
  public Path registryCacheDir() {
    String dir = getString(REGISTRY_CACHE_DIR_CONFIG);
    return dir != null
        ? Path.of(dir)
        : Path.of(System.getProperty("java.io.tmpdir"), "actionstream-models", applicationId());
  }

  /** Longest wait for a registry change in one poll of the model watcher. */
  public Duration registryPoll() {
    return Duration.ofMillis(getLong(REGISTRY_POLL_MS_CONFIG));
  }

  /** The predictor's options. */
  public PredictorOptions predictorOptions() {
    return new PredictorOptions(
        ExecutionProvider.parse(getString(EXECUTION_PROVIDER_CONFIG)),
        getInt(INTRA_OP_THREADS_CONFIG),
        Optimisation.parse(getString(OPTIMISATION_CONFIG)));
  }

  /** HTTP bind address. */
  public String httpHost() {
    return getString(HTTP_HOST_CONFIG);
  }

  /** HTTP port, 0 = any free port. */
  public int httpPort() {
    return getInt(HTTP_PORT_CONFIG);
  }

  /** Longest time closing the service takes. */
  public Duration shutdownTimeout() {
    return Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS_CONFIG));
  }

  /** Whether missing topics are created at start-up. */
  public boolean createTopics() {
    return getBoolean(TOPICS_CREATE_CONFIG);
  }

  /** Partitions of created topics. */
  public int topicPartitions() {
    return getInt(TOPICS_PARTITIONS_CONFIG);
  }

  /** Replication factor of created topics. */
  public short topicReplicationFactor() {
    return getShort(TOPICS_REPLICATION_FACTOR_CONFIG);
  }

  /** Topic-level settings of created topics: {@code max.message.bytes} for the largest record. */
  public Map<String, String> createdTopicConfigs() {
    return RecordSizes.topicConfigs(streamProcessors);
  }

  /** The Kafka Streams application id. */
  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  /**
   * The effective settings, sorted, with secrets masked ({@link Secrets}): the given keys plus the
   * service's and the topology's defaults and what the service adds for Kafka Streams.
   */
  public Map<String, String> effectiveMasked() {
    Map<String, String> all = new TreeMap<>();
    CONFIG.defaultValues().forEach((k, v) -> all.put(k, String.valueOf(v)));
    StreamProcessorsConfig.CONFIG.defaultValues().forEach((k, v) -> all.put(k, String.valueOf(v)));
    all.putAll(originalStrings);
    // a default that depends on other keys: the value in use, not the declared default
    all.put(
        StreamProcessorsConfig.MAX_IN_FLIGHT_BATCHES_CONFIG,
        Integer.toString(streamProcessors.maxInFlightBatches()));
    streamsProperties.forEach((k, v) -> all.put(String.valueOf(k), String.valueOf(v)));
    return Secrets.mask(all);
  }
}
