package io.actionstream.cli.demo;

import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.inference.Predictor;
import java.nio.file.Path;

/**
 * How the demo starts stream processing: the one step that will become the service. Today {@link
 * TopologyProcessing} runs {@code ActionStreamTopology} in a plain {@code KafkaStreams}.
 *
 * <p>TODO(service): when inference-service's {@code ActionStreamService.start(ServiceConfig)}
 * lands, add an implementation that builds a {@code ServiceConfig} from these arguments and starts
 * the service (which adds the HTTP health endpoints and {@code /metrics}), and make it the demo's
 * default.
 */
@FunctionalInterface
public interface StreamsProcessing {
  /**
   * Starts processing against {@code bootstrapServers} and returns once it is running.
   *
   * @param stateDir a fresh directory for local state
   * @return what stops it
   */
  AutoCloseable start(
      String bootstrapServers, StreamProcessorsConfig config, Predictor predictor, Path stateDir)
      throws Exception;

  /** How processing runs with {@code config}, for reports (guarantee, threads, commits). */
  default String describe(StreamProcessorsConfig config) {
    return config.processingGuarantee();
  }
}
