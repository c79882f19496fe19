package io.actionstream.streams.app;

import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.inference.InferenceBatching;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.topology.ActionStreamTopology;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The one way to build a running ActionStream application: the topology for a configuration and the
 * Kafka clients it must run with, made together so they cannot disagree. The clients are the
 * micro-batching ones whose hooks run pending batches before every commit ({@link
 * InferenceBatching}: needed when {@code inference.max.batch.size} is above 1, harmless at 1), with
 * the stream threads' main consumers made to leave the group on close ({@link
 * LeaveGroupClientSupplier}).
 *
 * <pre>{@code
 * KafkaStreams streams = ActionStreamApp.of(config, predictor, listener).newKafkaStreams(props);
 * }</pre>
 *
 * @param topology the topology
 * @param clientSupplier the clients it needs; exposed for tests that wrap them
 */
public record ActionStreamApp(Topology topology, KafkaClientSupplier clientSupplier) {
  /** Checks for nulls. */
  public ActionStreamApp {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(clientSupplier, "clientSupplier");
  }

  /**
   * The application for {@code config}, calling {@code predictor} and reporting to {@code
   * listener}, batched as {@code config} says.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming {@code clip.frames} if it differs
   *     from the predictor's T
   */
  public static ActionStreamApp of(
      StreamProcessorsConfig config, Predictor predictor, TopologyListener listener) {
    InferenceBatching batching = InferenceBatching.of(config);
    return new ActionStreamApp(
        ActionStreamTopology.build(config, predictor, listener, batching),
        new LeaveGroupClientSupplier(batching.clientSupplier()));
  }

  /** A new (not started) {@link KafkaStreams} running this application with {@code props}. */
  public KafkaStreams newKafkaStreams(Properties props) {
    return new KafkaStreams(topology, props, clientSupplier);
  }
}
