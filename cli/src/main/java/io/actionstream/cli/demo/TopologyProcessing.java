package io.actionstream.cli.demo;

import io.actionstream.cli.kafka.LocalKafka;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.inference.Predictor;
import io.actionstream.streams.topology.ActionStreamTopology;
import io.actionstream.streams.topology.CoPartitioning;
import io.actionstream.streams.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Runs the ActionStream topology in a {@link KafkaStreams} instance of this process: checks
 * co-partitioning, starts, and waits for {@code RUNNING}. One stream thread, a 100 ms commit
 * interval (predictions show up quickly under exactly-once), and a producer that accepts clips.
 */
public final class TopologyProcessing implements StreamsProcessing {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public AutoCloseable start(
      String bootstrapServers, StreamProcessorsConfig config, Predictor predictor, Path stateDir)
      throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "actionstream-demo-" + UUID.randomUUID());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
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
    KafkaStreams streams = new KafkaStreams(ActionStreamTopology.build(config, predictor), props);
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
