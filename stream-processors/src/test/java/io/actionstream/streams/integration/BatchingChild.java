package io.actionstream.streams.integration;

import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.inference.FakePredictor;
import io.actionstream.streams.inference.InferenceBatching;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.topology.ActionStreamTopology;
import io.actionstream.streams.topology.TestFrames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The batching topology as a process of its own, for crash tests: {@code main(bootstrap,
 * applicationId, stateDir, topicPrefix, processingGuarantee, haltOnCall, markerDir)} writes {@code
 * markerDir/running} once Kafka Streams runs, then runs until its {@link HaltingPredictor} halts
 * the JVM (writing {@code markerDir/halted}). The parent test uses {@link #config} and {@link
 * #create} for the instance that takes over.
 */
public final class BatchingChild {
  static final int T = 4;
  static final int BATCH = 8;
  static final String RUNNING_MARKER = "running";
  static final String HALTED_MARKER = "halted";

  /** Pipelined: the halting call runs this long first, so that commits fall due meanwhile. */
  static final long HALT_DELAY_MS = 400;

  private BatchingChild() {}

  /**
   * T = 4; batch size 8 with a max wait long enough that only full batches and commits run them, or
   * with {@code inFlight} above 0 batch size 1 and that many batches in flight.
   */
  static StreamProcessorsConfig config(String topicPrefix, String guarantee, int inFlight) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamProcessorsConfig.CLIP_FRAMES_CONFIG, T);
    settings.put(StreamProcessorsConfig.CLIP_STRIDE_CONFIG, 2);
    // pipelined: every clip is a batch for the inference thread; else batches wait for commits
    settings.put(StreamProcessorsConfig.MAX_BATCH_SIZE_CONFIG, inFlight > 0 ? 1 : BATCH);
    // the input is pre-cut clips; at_least_once refuses in-memory clips waiting for a batch
    settings.put(
        StreamProcessorsConfig.ASSEMBLY_OUTPUT_CONFIG,
        StreamProcessorsConfig.ASSEMBLY_OUTPUT_CLIPS_TOPIC);
    settings.put(StreamProcessorsConfig.MAX_WAIT_MS_CONFIG, 60_000);
    settings.put(StreamProcessorsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    settings.put(StreamProcessorsConfig.MAX_IN_FLIGHT_BATCHES_CONFIG, inFlight);
    for (String topic :
        List.of("frames", "clips", "predictions", "queries", "answers", "dlq", "labels")) {
      settings.put("topic." + topic, topicPrefix + topic);
    }
    return new StreamProcessorsConfig(settings);
  }

  /** A fake predictor of the test clips' shape. */
  static FakePredictor fakePredictor() {
    return new FakePredictor(T, TestFrames.SIZE, TestFrames.SIZE);
  }

  /** The batching topology with its commit hooks, not started. */
  static KafkaStreams create(
      StreamProcessorsConfig config,
      Predictor predictor,
      String bootstrap,
      String applicationId,
      Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    config.applyTo(props);
    InferenceBatching batching = InferenceBatching.of(config);
    KafkaStreams streams =
        new KafkaStreams(
            ActionStreamTopology.build(config, predictor, TopologyListener.NONE, batching),
            props,
            batching.clientSupplier());
    return streams;
  }

  /** Runs until halted, or exits 1 if Kafka Streams fails first. */
  public static void main(String[] args) throws InterruptedException {
    String bootstrap = args[0];
    String applicationId = args[1];
    Path stateDir = Path.of(args[2]);
    StreamProcessorsConfig config = config(args[3], args[4], Integer.parseInt(args[7]));
    Path markers = Path.of(args[6]);
    Predictor predictor =
        new HaltingPredictor(
            fakePredictor(),
            Integer.parseInt(args[5]),
            config.maxInFlightBatches() > 0 ? HALT_DELAY_MS : 0,
            markers.resolve(HALTED_MARKER));
    KafkaStreams streams = create(config, predictor, bootstrap, applicationId, stateDir);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            try {
              Files.writeString(markers.resolve(RUNNING_MARKER), "running");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
    streams.start();
    while (streams.state() != KafkaStreams.State.ERROR
        && streams.state() != KafkaStreams.State.NOT_RUNNING) {
      Thread.sleep(100);
    }
    System.err.println("Kafka Streams stopped without the predictor halting: " + streams.state());
    System.exit(1);
  }
}
