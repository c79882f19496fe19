package io.actionstream.cli.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients the command line uses: a byte producer that accepts clip-sized records, and a
 * {@code read_committed} byte consumer that is assigned whole topics (no consumer group, so it
 * starts reading at once and leaves nothing behind on the broker).
 */
public final class KafkaClients {
  /** How long to wait for topic metadata when assigning a consumer. */
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

  private KafkaClients() {}

  /** Producer batch size: many 12 KB raw frames per request, not one (the 16 KB default). */
  static final int BATCH_BYTES = 512 * 1024;

  /**
   * A producer of byte keys and values with {@code acks=all}, idempotence, {@code max.request.size}
   * = {@link LocalKafka#MAX_MESSAGE_BYTES} (whole clips fit), {@code linger.ms} 5 and {@code
   * batch.size} {@value #BATCH_BYTES}.
   */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, LocalKafka.MAX_MESSAGE_BYTES);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * A {@code read_committed} consumer of byte keys and values assigned every partition of {@code
   * topics}, positioned at their beginning or at their current end.
   *
   * @throws IllegalStateException naming a topic that does not exist
   */
  public static KafkaConsumer<byte[], byte[]> follower(
      String bootstrapServers, Collection<String> topics, boolean fromBeginning) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, LocalKafka.MAX_MESSAGE_BYTES);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException(
              "topic '" + topic + "' does not exist on " + bootstrapServers);
        }
        for (PartitionInfo info : infos) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      // resolve the positions now, so that records written after this call are seen
      for (TopicPartition tp : partitions) {
        consumer.position(tp, METADATA_TIMEOUT);
      }
      return consumer;
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }
}
