package io.actionstream.cli.bench;

import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.predictor.Predictor;
import java.nio.file.Path;

/**
 * How the serving benchmark starts stream processing around a predictor it owns: {@link
 * TopologyProcessing} runs {@code ActionStreamTopology} in a {@code KafkaStreams} of this process
 * with the very predictor (and ONNX Runtime session) the raw measurement used, so the ratio
 * compares like with like. (The demo runs the whole service instead, with HTTP and metrics.)
 */
@FunctionalInterface
public interface StreamsProcessing {
  /**
   * Starts processing against {@code bootstrapServers} and returns once it is running.
   *
   * @param applicationId the Kafka Streams application id; its internal topics' names begin with it
   * @param stateDir a fresh directory for local state
   * @return what stops it
   */
  AutoCloseable start(
      String bootstrapServers,
      String applicationId,
      StreamProcessorsConfig config,
      Predictor predictor,
      Path stateDir)
      throws Exception;

  /** How processing runs with {@code config}, for reports (guarantee, threads, commits). */
  default String describe(StreamProcessorsConfig config) {
    return config.processingGuarantee();
  }
}
