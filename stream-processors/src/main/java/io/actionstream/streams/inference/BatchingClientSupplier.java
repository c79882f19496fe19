package io.actionstream.streams.inference;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Creates the clients Kafka Streams' default supplier would, with the stream threads' producers and
 * main consumers hooked so that a commit first drains the thread's pending clips ({@link
 * CommitDrainingProducer}, {@link CommitDrainingConsumer}). Kafka Streams 4.1 names a stream
 * thread's producer {@code <thread name>-producer} and its main consumer {@code <thread
 * name>-consumer} ({@code ClientUtils}); the hooks are registered under that thread name. Under
 * at-least-once the producers also keep outputs ahead of changelogs ({@link
 * OutputBeforeChangelogProducer}).
 */
final class BatchingClientSupplier implements KafkaClientSupplier {
  private static final String PRODUCER_SUFFIX = "-producer";
  private static final String CONSUMER_SUFFIX = "-consumer";

  private final CommitHooks hooks;

  BatchingClientSupplier(CommitHooks hooks) {
    this.hooks = Objects.requireNonNull(hooks, "hooks");
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    boolean transactional = config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) != null;
    CommitDrainingProducer producer =
        new CommitDrainingProducer(
            new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
            hooks,
            transactional);
    String thread = threadName(config.get(ProducerConfig.CLIENT_ID_CONFIG), PRODUCER_SUFFIX);
    if (thread != null) {
      hooks.producerCreated(thread, producer);
    }
    // a transaction already makes outputs and changelogs atomic; at-least-once needs the order
    return transactional ? producer : new OutputBeforeChangelogProducer(producer);
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    CommitDrainingConsumer consumer = new CommitDrainingConsumer(config, hooks);
    String thread = threadName(config.get(ConsumerConfig.CLIENT_ID_CONFIG), CONSUMER_SUFFIX);
    if (thread != null) {
      hooks.consumerCreated(thread);
    }
    return consumer;
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return plainConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return plainConsumer(config);
  }

  private static Consumer<byte[], byte[]> plainConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The stream thread's name from a client id {@code <thread name><suffix>}, else null. */
  static String threadName(Object clientId, String suffix) {
    if (clientId instanceof String id && id.endsWith(suffix) && id.length() > suffix.length()) {
      return id.substring(0, id.length() - suffix.length());
    }
    return null;
  }
}
