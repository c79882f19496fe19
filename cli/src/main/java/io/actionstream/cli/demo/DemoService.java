package io.actionstream.cli.demo;

import io.actionstream.service.ActionStreamService;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.streams.config.StreamProcessorsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The inference service ({@link ActionStreamService}) as the demo and the command line's
 * integration tests run it: the bundled model on CPU with one intra-op thread, one stream thread, a
 * 100 ms commit interval (predictions show up quickly under exactly-once), topics created by the
 * service, HTTP on the loopback address.
 */
public final class DemoService {
  private DemoService() {}

  /**
   * The service's settings.
   *
   * @param modelDir the extracted model package ({@link DemoModel#extract})
   * @param stateDir a fresh directory for Kafka Streams' state
   * @param httpPort the HTTP port, 0 = a free one
   * @param partitions partitions of the topics the service creates
   */
  public static ServiceConfig config(
      Path modelDir, String bootstrapServers, Path stateDir, int httpPort, int partitions) {
    return config(modelDir, bootstrapServers, stateDir, httpPort, partitions, Map.of());
  }

  /** As {@link #config(Path, String, Path, int, int)}, with {@code extra} settings on top. */
  public static ServiceConfig config(
      Path modelDir,
      String bootstrapServers,
      Path stateDir,
      int httpPort,
      int partitions,
      Map<String, String> extra) {
    Map<String, String> s =
        settings(bootstrapServers, stateDir, httpPort, partitions, DemoModel.input().frames());
    s.put(ServiceConfig.MODEL_PATH_CONFIG, modelDir.toString());
    s.putAll(extra);
    return new ServiceConfig(s);
  }

  /**
   * The demo service's settings without a model source: CPU, one stream thread, topics created,
   * HTTP on 127.0.0.1, clips of {@code frames} frames without overlap.
   */
  public static Map<String, String> settings(
      String bootstrapServers, Path stateDir, int httpPort, int partitions, int frames) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(ServiceConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    s.put(
        ServiceConfig.APPLICATION_ID_CONFIG,
        "actionstream-demo-" + UUID.randomUUID().toString().substring(0, 8));
    s.put("state.dir", stateDir.toString());
    s.put(StreamProcessorsConfig.CLIP_FRAMES_CONFIG, Integer.toString(frames));
    s.put(StreamProcessorsConfig.CLIP_STRIDE_CONFIG, Integer.toString(frames));
    s.put(ServiceConfig.EXECUTION_PROVIDER_CONFIG, "cpu");
    s.put(ServiceConfig.INTRA_OP_THREADS_CONFIG, "1");
    s.put("num.stream.threads", "1");
    s.put("commit.interval.ms", "100");
    s.put(ServiceConfig.TOPICS_CREATE_CONFIG, "true");
    s.put(ServiceConfig.TOPICS_PARTITIONS_CONFIG, Integer.toString(partitions));
    s.put(ServiceConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    s.put(ServiceConfig.HTTP_PORT_CONFIG, Integer.toString(httpPort));
    return s;
  }

  /**
   * Starts the service and waits until it is ready ({@code /health/ready} answers 200).
   *
   * @throws IllegalStateException if it is not ready within {@code timeout} (it is closed then)
   */
  public static ActionStreamService startReady(ServiceConfig config, Duration timeout)
      throws InterruptedException {
    ActionStreamService service = ActionStreamService.start(config);
    try {
      if (!service.awaitReady(timeout)) {
        throw new IllegalStateException(
            service
                .failure()
                .map(f -> "the service failed before it was ready: " + f)
                .orElse(
                    "the service is not ready after "
                        + timeout.toSeconds()
                        + " s: Kafka Streams is "
                        + service.streamsState()));
      }
      return service;
    } catch (RuntimeException | InterruptedException e) {
      service.close();
      throw e;
    }
  }
}
