package io.actionstream.service.metrics;

import io.actionstream.service.predict.PredictorOptions.ExecutionProvider;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.predictor.Predictor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's Prometheus registry and everything bound to it: JVM binders (memory, GC, threads,
 * class loading, processor, uptime) at construction; the model, the topology listener, the metered
 * predictor and Kafka Streams (its own metrics through {@link KafkaStreamsMetrics}, plus the state
 * gauge) as the service wires them. {@link #close()} releases the binders and the registry.
 */
public final class ServiceMetrics implements AutoCloseable {
  private Gauge modelInfo;
  private volatile boolean fellBack;

  private static final Logger LOG = LoggerFactory.getLogger(ServiceMetrics.class);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  /** A registry with the JVM binders bound. */
  public ServiceMetrics() {
    JvmGcMetrics gc = new JvmGcMetrics();
    closeables.push(gc);
    for (MeterBinder binder :
        new MeterBinder[] {
          new JvmMemoryMetrics(),
          gc,
          new JvmThreadMetrics(),
          new ClassLoaderMetrics(),
          new ProcessorMetrics(),
          new UptimeMetrics()
        }) {
      binder.bindTo(registry);
    }
  }

  /** The registry ({@code /metrics} scrapes it). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Registers {@link MetricNames#MODEL_INFO} and {@link MetricNames#CUDA_FALLBACK} for the model
   * being served.
   *
   * @param requested the execution provider asked for
   * @param used the one in use ({@code CPU} or {@code CUDA})
   */
  public synchronized void bindModel(
      String version, ExecutionProvider requested, ExecutionProvider used) {
    boolean first = modelInfo == null;
    if (modelInfo != null) {
      registry.remove(modelInfo); // a swap: only the serving version is reported
    }
    modelInfo =
        Gauge.builder(MetricNames.MODEL_INFO, () -> 1)
            .description(
                "The model being served: 1, tagged with its version and execution provider")
            .tag("version", version)
            .tag("execution_provider", used.name().toLowerCase(Locale.ROOT))
            .register(registry);
    fellBack = requested == ExecutionProvider.AUTO && used == ExecutionProvider.CPU;
    if (first) { // the gauge reads the field: registered once, it follows every swap
      Gauge.builder(MetricNames.CUDA_FALLBACK, this, m -> m.fellBack ? 1 : 0)
          .description("1 when execution provider auto could not use CUDA and runs on CPU")
          .register(registry);
    }
  }

  /** Counts a model swap that succeeded ({@code true}) or was refused. */
  public void modelSwap(boolean swapped) {
    Counter.builder(MetricNames.MODEL_SWAPS)
        .description("Model swaps while serving, by outcome (swapped, refused)")
        .tag("outcome", swapped ? "swapped" : "refused")
        .register(registry)
        .increment();
  }

  /** A topology listener counting into this registry. */
  public TopologyListener topologyListener() {
    return new MicrometerTopologyListener(registry);
  }

  /** {@code predictor}, timed into this registry. */
  public Predictor metered(Predictor predictor) {
    return new MeteredPredictor(predictor, registry);
  }

  /**
   * Binds Kafka Streams' own metrics ({@code kafka_stream_*}, {@code kafka_consumer_*}, ...; new
   * ones are picked up every minute), one {@link MetricNames#STREAMS_STATE} gauge per state, and
   * {@link MetricNames#READY}.
   */
  public void bindStreams(KafkaStreams streams, BooleanSupplier ready) {
    for (KafkaStreams.State state : KafkaStreams.State.values()) {
      Gauge.builder(MetricNames.STREAMS_STATE, streams, s -> s.state() == state ? 1 : 0)
          .description("1 for the Kafka Streams client's current state, 0 for the others")
          .tag("state", state.name())
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder(MetricNames.READY, () -> ready.getAsBoolean() ? 1 : 0)
        .description("1 while the service is ready (Kafka Streams RUNNING, model loaded)")
        .register(registry);
    KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
    kafka.bindTo(registry);
    closeables.push(kafka);
  }

  @Override
  public void close() {
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        LOG.warn("closing a metrics binder failed", e);
      }
    }
    registry.close();
  }
}
