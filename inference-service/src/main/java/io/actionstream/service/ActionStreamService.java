package io.actionstream.service;

import io.actionstream.core.registry.ModelRegistry;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.service.config.ServiceConfig.ModelSource;
import io.actionstream.service.http.Health;
import io.actionstream.service.http.HealthCheck;
import io.actionstream.service.http.HttpEndpoints;
import io.actionstream.service.kafka.TopicSetup;
import io.actionstream.service.metrics.ServiceMetrics;
import io.actionstream.service.predict.ModelProbe;
import io.actionstream.service.predict.OnnxRuntimePredictor;
import io.actionstream.service.registry.ModelSwapTarget;
import io.actionstream.service.registry.ModelWatcher;
import io.actionstream.streams.app.ActionStreamApp;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.predictor.SwappablePredictor;
import io.actionstream.streams.topology.CoPartitioning;
import io.actionstream.streams.topology.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployable inference service: a model package served by ONNX Runtime inside the ActionStream
 * Kafka Streams topology, with health and Prometheus metrics over HTTP. The model is the package in
 * {@code model.path}, or with {@code model.source=registry} the registry's serving version,
 * followed by a {@link ModelWatcher} through promotions and rollbacks ({@link #swapModel}).
 *
 * <p>{@link #start} opens the model, prepares the topics, builds the topology and starts Kafka
 * Streams and the HTTP server; it returns once they are started (Kafka Streams may still be
 * rebalancing: see {@link #awaitReady}). {@link #close()} stops everything within {@code
 * shutdown.timeout.ms}. Health: {@code /health/live} is down once the Kafka Streams client is dead
 * ({@code PENDING_ERROR}, {@code ERROR}, {@code PENDING_SHUTDOWN}, {@code NOT_RUNNING}); {@code
 * /health/ready} is up only while it is {@code RUNNING} with a model loaded. Uncaught stream-thread
 * exceptions shut the client down ({@link StreamsWatcher}).
 */
public final class ActionStreamService implements AutoCloseable, HealthCheck, ModelSwapTarget {
  private static final Logger LOG = LoggerFactory.getLogger(ActionStreamService.class);
  private static final Duration READY_POLL = Duration.ofMillis(50);

  private final ServiceConfig config;
  private final ServiceMetrics metrics;
  private final SwappablePredictor<OnnxRuntimePredictor> predictor;
  private volatile String lastRefusal;
  private final KafkaStreams streams;
  private final StreamsWatcher watcher;
  private HttpEndpoints http;
  private volatile ModelRegistry registry;
  private volatile ModelWatcher modelWatcher;
  private final Object closeLock = new Object();
  private volatile boolean closed;

  private ActionStreamService(
      ServiceConfig config,
      ServiceMetrics metrics,
      SwappablePredictor<OnnxRuntimePredictor> predictor,
      KafkaStreams streams,
      StreamsWatcher watcher) {
    this.config = config;
    this.metrics = metrics;
    this.predictor = predictor;
    this.streams = streams;
    this.watcher = watcher;
  }

  /**
   * Starts the service.
   *
   * @throws io.actionstream.core.model.ModelPackageException if the model package fails a check
   * @throws IllegalStateException if topics cannot be created or are not co-partitioned, or ONNX
   *     Runtime cannot load the model
   * @throws org.apache.kafka.common.config.ConfigException if {@code clip.frames} is not the
   *     model's T
   * @throws java.io.UncheckedIOException if the HTTP address cannot be bound
   */
  public static ActionStreamService start(ServiceConfig config) {
    LOG.info("starting with configuration:\n{}", describe(config.effectiveMasked()));
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      ServiceMetrics metrics = new ServiceMetrics();
      opened.push(metrics);
      ModelRegistry registry = null;
      Path modelDirectory;
      if (config.modelSource() == ModelSource.REGISTRY) {
        registry = config.openRegistry();
        opened.push(registry);
        modelDirectory = servingPackage(registry, config.registryCacheDir());
      } else {
        modelDirectory = config.modelPath();
      }
      SwappablePredictor<OnnxRuntimePredictor> predictor =
          new SwappablePredictor<>(
              OnnxRuntimePredictor.open(modelDirectory, config.predictorOptions()));
      opened.push(predictor);
      metrics.bindModel(
          predictor.modelVersion(),
          config.predictorOptions().executionProvider(),
          predictor.current().executionProvider());

      StreamProcessorsConfig topologyConfig = config.streamProcessors();
      prepareTopics(config, config.createTopics(), List.of());
      KafkaStreams streams =
          ActionStreamApp.of(topologyConfig, metrics.metered(predictor), metrics.topologyListener())
              .newKafkaStreams(config.streamsProperties());
      opened.push(streams);
      StreamsWatcher watcher = new StreamsWatcher();
      streams.setStateListener(watcher);
      streams.setUncaughtExceptionHandler(watcher);

      ActionStreamService service =
          new ActionStreamService(config, metrics, predictor, streams, watcher);
      metrics.bindStreams(streams, service::isReady);
      // HTTP first: a busy port then fails the start before any record is processed
      service.http =
          HttpEndpoints.start(config.httpHost(), config.httpPort(), service, metrics.registry());
      opened.push(service.http);
      streams.start();
      if (registry != null) {
        service.registry = registry;
        service.modelWatcher =
            ModelWatcher.start(
                registry,
                config.registryCacheDir(),
                config.registryPoll(),
                predictor.modelVersion(),
                service);
      }
      LOG.info(
          "started: model {} on {}, application {}, HTTP {}",
          predictor.modelVersion(),
          predictor.current().executionProvider(),
          config.applicationId(),
          service.http.address());
      return service;
    } catch (RuntimeException | Error e) {
      closeAll(opened, config.shutdownTimeout(), e);
      throw e;
    }
  }

  /** Fetches the registry's serving version; start-up fails if none serves or it is refused. */
  private static Path servingPackage(ModelRegistry registry, Path cacheDirectory) {
    String version =
        registry
            .state()
            .serving()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "model.source=registry, but no version of "
                            + registry
                            + " is promoted: publish and promote one (actionstream model"
                            + " publish, promote; docs/model-registry.md)"));
    LOG.info("serving {} from {}", version, registry);
    return registry.fetch(version, cacheDirectory).directory();
  }

  /**
   * Creates missing topics if {@code create} (the topology's and {@code extraTopics}, with the same
   * partitions and replication), then checks co-partitioning of frames, clips, queries.
   *
   * @return the topic names
   */
  static List<String> prepareTopics(
      ServiceConfig config, boolean create, List<String> extraTopics) {
    Topics topics = Topics.of(config.streamProcessors());
    List<String> names = new ArrayList<>(topics.names());
    names.addAll(extraTopics);
    try (Admin admin = Admin.create(config.adminProperties())) {
      if (create) {
        TopicSetup.createMissing(
            admin,
            names,
            config.topicPartitions(),
            config.topicReplicationFactor(),
            config.createdTopicConfigs(),
            CoPartitioning.TIMEOUT);
      }
      CoPartitioning.verify(admin, topics);
    }
    return names;
  }

  private static void closeAll(Deque<AutoCloseable> opened, Duration timeout, Throwable cause) {
    while (!opened.isEmpty()) {
      AutoCloseable c = opened.pop();
      try {
        if (c instanceof KafkaStreams s) {
          s.close(timeout);
        } else {
          c.close();
        }
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }
  }

  private static String describe(Map<String, String> settings) {
    return settings.entrySet().stream()
        .map(e -> "  " + e.getKey() + " = " + e.getValue())
        .collect(Collectors.joining("\n"));
  }

  /**
   * Waits until the service is ready or {@code timeout} has passed.
   *
   * @return whether it is ready
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isReady()) {
      if (System.nanoTime() >= deadline || closed || !watcher.alive()) {
        return isReady();
      }
      Thread.sleep(READY_POLL.toMillis());
    }
    return true;
  }

  /** Whether Kafka Streams is {@code RUNNING} with the model loaded and the service not closed. */
  public boolean isReady() {
    return !closed && streams.state() == KafkaStreams.State.RUNNING;
  }

  /**
   * Blocks until the Kafka Streams client has stopped: after {@link #close()}, or on its own when
   * it failed ({@link #failure()}).
   */
  public void awaitTermination() throws InterruptedException {
    watcher.awaitFinished();
  }

  /**
   * Why Kafka Streams stopped without a close: the uncaught exception, or a description of the
   * state it ended in; empty while it runs or when it was closed.
   */
  public Optional<String> failure() {
    if (!watcher.failed()) {
      return Optional.empty();
    }
    return Optional.of(
        watcher
            .failure()
            .map(t -> "Kafka Streams failed: " + t)
            .orElse("Kafka Streams stopped in state " + watcher.state()));
  }

  /** The HTTP server's address (the actual port when {@code http.port} is 0). */
  public InetSocketAddress httpAddress() {
    return http.address();
  }

  /** The version of the model being served. */
  public String modelVersion() {
    return predictor.modelVersion();
  }

  /** The metrics registry {@code /metrics} scrapes. */
  public PrometheusMeterRegistry registry() {
    return metrics.registry();
  }

  /** The Kafka Streams client's state. */
  public KafkaStreams.State streamsState() {
    return streams.state();
  }

  /**
   * Replaces the serving model with the package in {@code directory} while the service runs: the
   * package is validated ({@link io.actionstream.core.model.ModelPackageValidator}), opened on the
   * configured execution provider, must have the running model's schema and clip shape, and must
   * pass a probe clip (every probability finite and in [0, 1]) and a warm-up; then it serves every
   * predictor call that starts after this method returns. Calls already running finish on the old
   * model, which is closed after them. A package that fails any step is refused: the old model
   * keeps serving, and the refusal shows in the log, {@code /health/ready} ({@code
   * lastModelRefusal}) and the {@code actionstream_model_swaps_total{outcome="refused"}} counter.
   *
   * @return the version that served before
   * @throws io.actionstream.core.model.ModelPackageException or {@link IllegalStateException} if
   *     the package is refused
   */
  @Override
  public synchronized String swapModel(Path directory) {
    OnnxRuntimePredictor next = null;
    try {
      if (closed) {
        throw new IllegalStateException("the service is stopping");
      }
      next = OnnxRuntimePredictor.open(directory, config.predictorOptions());
      ModelProbe.requireSane(next);
      String previous = predictor.swap(next);
      metrics.bindModel(
          next.modelVersion(),
          config.predictorOptions().executionProvider(),
          next.executionProvider());
      metrics.modelSwap(true);
      LOG.info("model swapped: {} -> {} from {}", previous, next.modelVersion(), directory);
      return previous;
    } catch (RuntimeException e) {
      if (next != null) {
        next.close();
      }
      modelRefused(directory.toString(), e);
      throw e;
    }
  }

  /**
   * Records a model that was refused before it could be opened (a registry fetch that failed): the
   * log, {@code /health/ready} and the refused-swap counter show it, as for {@link #swapModel}.
   */
  @Override
  public void modelRefused(String what, RuntimeException why) {
    lastRefusal = what + ": " + why.getMessage();
    metrics.modelSwap(false);
    LOG.warn("model refused, {} keeps serving: {}", predictor.modelVersion(), lastRefusal);
  }

  @Override
  public Health liveness() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("streamsState", streams.state().name());
    ModelWatcher models = modelWatcher;
    if (models != null && !models.alive()) {
      details.put(
          "modelWatcher", "stopped: " + models.failure().map(Throwable::toString).orElse(""));
    }
    return new Health(!closed && watcher.alive() && (models == null || models.alive()), details);
  }

  @Override
  public Health readiness() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("streamsState", streams.state().name());
    details.put("modelVersion", predictor.modelVersion());
    details.put("executionProvider", predictor.current().executionProvider().name());
    details.put("modelSource", config.modelSource().name().toLowerCase(Locale.ROOT));
    if (modelWatcher != null) {
      modelWatcher.registryServing().ifPresent(v -> details.put("registryServing", v));
    }
    if (lastRefusal != null) {
      details.put("lastModelRefusal", lastRefusal);
    }
    return new Health(isReady(), details);
  }

  /**
   * Stops the service within {@code shutdown.timeout.ms}: Kafka Streams first (finishing in-flight
   * records, committing and leaving the group), then the HTTP server, the model and the metrics. If
   * Kafka Streams does not stop in time the model session is left open (a stream thread may still
   * be inside it; the process is about to exit). Idempotent; a concurrent call waits for the first.
   */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      long start = System.nanoTime();
      Duration timeout = config.shutdownTimeout();
      LOG.info("stopping (timeout {} ms)", timeout.toMillis());
      watcher.closing();
      if (modelWatcher != null) {
        modelWatcher.close(timeout);
      }
      // one deadline for the whole stop: Kafka Streams gets what the watcher left
      Duration left = timeout.minusNanos(System.nanoTime() - start);
      boolean stopped =
          streams.close(
              new KafkaStreams.CloseOptions()
                  .leaveGroup(true)
                  .timeout(left.isNegative() ? Duration.ZERO : left));
      if (http != null) {
        http.close();
      }
      if (stopped) {
        synchronized (this) { // after any swap in progress
          predictor.close();
        }
      } else {
        LOG.warn(
            "Kafka Streams did not stop within {} ms (state {}); the model session stays open",
            timeout.toMillis(),
            streams.state());
      }
      if (registry != null) {
        registry.close();
      }
      metrics.close();
      LOG.info("stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
  }
}
