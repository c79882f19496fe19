package io.actionstream.cli.bench;

import io.actionstream.cli.kafka.LocalKafka;
import io.actionstream.streams.app.ActionStreamApp;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.topology.CoPartitioning;
import io.actionstream.streams.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Runs the ActionStream topology in a {@link KafkaStreams} instance of this process: checks
 * co-partitioning, starts, and waits for {@code RUNNING}. One stream thread, a 100 ms commit
 * interval by default (predictions show up quickly under exactly-once), and a producer that accepts
 * clips.
 */
public final class TopologyProcessing implements StreamsProcessing {
  /** Stream threads of the instance. */
  public static final int STREAM_THREADS = 1;

  /** The default commit interval: under exactly-once, predictions are visible after a commit. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Duration commitInterval;

  /** Processing with the {@link #DEFAULT_COMMIT_INTERVAL}. */
  public TopologyProcessing() {
    this(DEFAULT_COMMIT_INTERVAL);
  }

  /** Processing with Kafka Streams' {@code commit.interval.ms} set to {@code commitInterval}. */
  public TopologyProcessing(Duration commitInterval) {
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("commit interval must be > 0, got " + commitInterval);
    }
    this.commitInterval = commitInterval;
  }

  @Override
  public String describe(StreamProcessorsConfig config) {
    return String.format(
        "%s, %d stream thread, commit interval %d ms, %s=%s, %s=%d",
        config.processingGuarantee(),
        STREAM_THREADS,
        commitInterval.toMillis(),
        StreamProcessorsConfig.ASSEMBLY_OUTPUT_CONFIG,
        config.getString(StreamProcessorsConfig.ASSEMBLY_OUTPUT_CONFIG),
        StreamProcessorsConfig.MAX_IN_FLIGHT_BATCHES_CONFIG,
        config.maxInFlightBatches());
  }

  @Override
  public AutoCloseable start(
      String bootstrapServers,
      String applicationId,
      StreamProcessorsConfig config,
      Predictor predictor,
      Path stateDir)
      throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        LocalKafka.MAX_MESSAGE_BYTES);
    config.applyTo(props);
    Properties admin = new Properties();
    admin.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin client = Admin.create(admin)) {
      CoPartitioning.verify(client, Topics.of(config));
    }
    KafkaStreams streams =
        ActionStreamApp.of(config, predictor, TopologyListener.NONE).newKafkaStreams(props);
    try {
      streams.start();
      awaitRunning(streams);
    } catch (Exception | Error e) {
      streams.close(CLOSE_TIMEOUT);
      throw e;
    }
    return () ->
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE_TIMEOUT));
  }

  private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      KafkaStreams.State state = streams.state();
      if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("Kafka Streams stopped while starting: " + state);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Kafka Streams not running after " + START_TIMEOUT.toSeconds() + " s: " + state);
      }
      Thread.sleep(50);
    }
  }
}
