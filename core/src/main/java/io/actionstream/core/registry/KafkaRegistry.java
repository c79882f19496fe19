package io.actionstream.core.registry;

import io.actionstream.core.registry.RegistryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry in two compacted Kafka topics, the production store (formats in
 * docs/model-registry.md):
 *
 * <ul>
 *   <li>packages: each file of a package cut into chunks of {@link
 *       KafkaRegistryConfig#chunkBytes()} under keys {@code <version>/<file>/<chunk, 6 digits>},
 *       then the {@link PackageIndex} under key {@code <version>}; retiring a version writes
 *       tombstones for all of them;
 *   <li>events: one {@link RegistryEvent} per record, key its id, in one partition so that every
 *       reader replays them in the same order; compaction with unique keys keeps them all.
 * </ul>
 *
 * <p>No consumer group is used: every reader reads the topics from the start, so any number of
 * services and commands can share them.
 */
public final class KafkaRegistry extends EventSourcedRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRegistry.class);
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FETCH_POLL = Duration.ofMillis(200);

  /** Numbers the package-reading consumers, so that their client ids differ. */
  private static final AtomicInteger SCANS = new AtomicInteger();

  /** Room for a record's key, headers and batch framing beside a chunk. */
  static final int RECORD_OVERHEAD = 64 * 1024;

  private final KafkaRegistryConfig config;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> events;
  private final TopicPartition eventsPartition;

  private KafkaRegistry(
      KafkaRegistryConfig config,
      KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> events) {
    this.config = config;
    this.producer = producer;
    this.events = events;
    this.eventsPartition = new TopicPartition(config.eventsTopic(), 0);
  }

  /**
   * Connects to the registry's topics, creating them when {@link
   * KafkaRegistryConfig#createTopics()} and they are missing.
   *
   * @throws RegistryException {@code STORE} if the cluster cannot be reached, a topic is missing,
   *     the events topic has more than one partition, or a topic is not compacted
   */
  public static KafkaRegistry open(KafkaRegistryConfig config) {
    try (Admin admin = Admin.create(config.clientProperties())) {
      if (config.createTopics()) {
        createMissing(admin, config);
      }
      checkTopics(admin, config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(
          Reason.STORE, "interrupted while checking the registry topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw storeFailure("cannot reach the registry topics", e);
    }
    KafkaProducer<byte[], byte[]> producer = null;
    KafkaConsumer<byte[], byte[]> events = null;
    try {
      producer = new KafkaProducer<>(producerProperties(config));
      events = consumer(config, "events");
      TopicPartition tp = new TopicPartition(config.eventsTopic(), 0);
      events.assign(List.of(tp));
      events.seekToBeginning(List.of(tp));
      return new KafkaRegistry(config, producer, events);
    } catch (RuntimeException e) {
      if (events != null) {
        events.close(Duration.ZERO);
      }
      if (producer != null) {
        producer.close(Duration.ZERO);
      }
      throw e;
    }
  }

  private static void createMissing(Admin admin, KafkaRegistryConfig config)
      throws InterruptedException, ExecutionException, TimeoutException {
    var existing = admin.listTopics().names().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    List<NewTopic> missing = new ArrayList<>();
    if (!existing.contains(config.packagesTopic())) {
      missing.add(
          new NewTopic(config.packagesTopic(), Optional.of(1), config.replicationFactorIfSet())
              .configs(
                  Map.of(
                      TopicConfig.CLEANUP_POLICY_CONFIG,
                      TopicConfig.CLEANUP_POLICY_COMPACT,
                      TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                      String.valueOf(config.chunkBytes() + RECORD_OVERHEAD))));
    }
    if (!existing.contains(config.eventsTopic())) {
      missing.add(
          new NewTopic(config.eventsTopic(), Optional.of(1), config.replicationFactorIfSet())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }
    for (NewTopic t : missing) {
      try {
        admin.createTopics(List.of(t)).all().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        LOG.info("created registry topic {}", t.name());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  private static void checkTopics(Admin admin, KafkaRegistryConfig config)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> topics = List.of(config.packagesTopic(), config.eventsTopic());
    // a topic just created may take a moment to appear in the brokers' metadata
    long deadline = System.nanoTime() + (config.createTopics() ? CLIENT_TIMEOUT.toNanos() : 0);
    var existing = admin.listTopics().names().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    while (!existing.containsAll(topics) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      existing = admin.listTopics().names().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    for (String t : topics) {
      if (!existing.contains(t)) {
        throw new RegistryException(
            Reason.STORE,
            "registry topic '"
                + t
                + "' does not exist; create it compacted with one partition"
                + " (docs/model-registry.md)");
      }
    }
    TopicDescription ev =
        admin
            .describeTopics(List.of(config.eventsTopic()))
            .allTopicNames()
            .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .get(config.eventsTopic());
    if (ev.partitions().size() != 1) {
      throw new RegistryException(
          Reason.STORE,
          "registry events topic '"
              + config.eventsTopic()
              + "' has "
              + ev.partitions().size()
              + " partitions; it needs exactly 1, so that every reader sees the changes in one"
              + " order");
    }
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs =
        admin.describeConfigs(resources).all().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    for (ConfigResource r : resources) {
      String policy = configs.get(r).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
      List<String> policies = List.of(policy.replace(" ", "").split(","));
      if (!policies.equals(List.of(TopicConfig.CLEANUP_POLICY_COMPACT))) {
        throw new RegistryException(
            Reason.STORE,
            "registry topic '"
                + r.name()
                + "' has cleanup.policy="
                + policy
                + "; it must be compact alone, or retention deletes published versions and their"
                + " history");
      }
    }
  }

  private static Map<String, Object> producerProperties(KafkaRegistryConfig config) {
    Map<String, Object> p = withClientId(config, "producer");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.chunkBytes() + RECORD_OVERHEAD);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  /** The client settings, with {@code -<role>} added to a configured {@code client.id}. */
  private static Map<String, Object> withClientId(KafkaRegistryConfig config, String role) {
    Map<String, Object> p = new HashMap<>(config.clientProperties());
    Object id = p.get(CommonClientConfigs.CLIENT_ID_CONFIG);
    if (id != null) {
      p.put(CommonClientConfigs.CLIENT_ID_CONFIG, id + "-" + role);
    }
    return p;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(KafkaRegistryConfig config, String role) {
    Map<String, Object> p = withClientId(config, role);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.chunkBytes() + RECORD_OVERHEAD);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(p);
  }

  @Override
  protected List<RegistryEvent> readEvents(Duration maxWait) {
    List<RegistryEvent> read = new ArrayList<>();
    try {
      long end = events.endOffsets(List.of(eventsPartition), CLIENT_TIMEOUT).get(eventsPartition);
      long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
      while (events.position(eventsPartition, CLIENT_TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new RegistryException(
              Reason.STORE, "timed out reading " + config.eventsTopic() + " to offset " + end);
        }
        events.poll(FETCH_POLL).forEach(r -> parse(r).ifPresent(read::add));
      }
      if (read.isEmpty() && !maxWait.isZero()) {
        events.poll(maxWait).forEach(r -> parse(r).ifPresent(read::add));
      }
    } catch (KafkaException e) {
      throw storeFailure("cannot read the registry events from " + config.eventsTopic(), e);
    }
    return read;
  }

  private Optional<RegistryEvent> parse(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(RegistryJson.event(r.value()));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "skipping an unreadable registry event at {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  protected void appendEvent(RegistryEvent event) {
    await(
        List.of(
            producer.send(
                new ProducerRecord<>(
                    config.eventsTopic(), utf8(event.id()), RegistryJson.write(event)))),
        "cannot write the registry event to " + config.eventsTopic());
  }

  @Override
  protected void storePackage(String version, Path directory) {
    PackageIndex index = PackageIndex.of(version, config.chunkBytes(), directory);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (PackageIndex.PackageFile f : index.files()) {
      byte[] chunk = new byte[config.chunkBytes()];
      try (InputStream in = Files.newInputStream(directory.resolve(f.name()))) {
        for (int i = 0; i < f.chunks(config.chunkBytes()); i++) {
          int n = in.readNBytes(chunk, 0, chunk.length);
          sent.add(send(chunkKey(version, f.name(), i), Arrays.copyOf(chunk, n)));
        }
      } catch (IOException e) {
        throw new RegistryException(Reason.STORE, "cannot read " + directory.resolve(f.name()), e);
      }
    }
    sent.add(send(version, RegistryJson.write(index)));
    await(sent, "cannot write the package of '" + version + "' to " + config.packagesTopic());
  }

  @Override
  protected PackageIndex loadPackage(String version, Path target) {
    Map<String, byte[]> records = scanPackage(version);
    byte[] indexJson = records.get(version);
    if (indexJson == null) {
      throw new RegistryException(
          Reason.CORRUPT_PACKAGE,
          "no package of version '" + version + "' in topic " + config.packagesTopic());
    }
    PackageIndex index = RegistryJson.index(indexJson, version);
    if (index.chunkBytes() < 1) {
      throw new RegistryException(
          Reason.CORRUPT_PACKAGE,
          "the stored index of version '" + version + "' has chunkBytes " + index.chunkBytes());
    }
    for (PackageIndex.PackageFile f : index.files()) {
      try (OutputStream out = Files.newOutputStream(target.resolve(f.name()))) {
        for (int i = 0; i < f.chunks(index.chunkBytes()); i++) {
          byte[] chunk = records.get(chunkKey(version, f.name(), i));
          if (chunk == null) {
            throw new RegistryException(
                Reason.CORRUPT_PACKAGE,
                "chunk " + i + " of " + f.name() + " of version '" + version + "' is missing");
          }
          out.write(chunk);
        }
      } catch (IOException e) {
        throw new RegistryException(Reason.STORE, "cannot write " + target.resolve(f.name()), e);
      }
    }
    index.verify(target);
    return index;
  }

  @Override
  protected void deletePackage(String version) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (String key : scanPackage(version).keySet()) {
      sent.add(send(key, null));
    }
    await(sent, "cannot delete the package of '" + version + "' from " + config.packagesTopic());
  }

  /** The latest value of every live record of {@code version}'s package: index and chunks. */
  private Map<String, byte[]> scanPackage(String version) {
    Map<String, byte[]> found = new HashMap<>();
    String prefix = version + "/";
    try (KafkaConsumer<byte[], byte[]> c =
        consumer(config, "packages-" + SCANS.incrementAndGet())) {
      List<TopicPartition> partitions =
          c.partitionsFor(config.packagesTopic(), CLIENT_TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, CLIENT_TIMEOUT);
      long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> c.position(tp, CLIENT_TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new RegistryException(
              Reason.STORE, "timed out reading " + config.packagesTopic() + " to its end");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(FETCH_POLL)) {
          String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
          if (key.equals(version) || key.startsWith(prefix)) {
            if (r.value() == null) {
              found.remove(key);
            } else {
              found.put(key, r.value());
            }
          }
        }
      }
    } catch (KafkaException e) {
      throw storeFailure("cannot read " + config.packagesTopic(), e);
    }
    return found;
  }

  static String chunkKey(String version, String file, int chunk) {
    return String.format(Locale.ROOT, "%s/%s/%06d", version, file, chunk);
  }

  private Future<RecordMetadata> send(String key, byte[] value) {
    return producer.send(new ProducerRecord<>(config.packagesTopic(), utf8(key), value));
  }

  private static void await(List<Future<RecordMetadata>> sent, String what) {
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(Reason.STORE, what + ": interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw storeFailure(what, e);
    }
  }

  private static RegistryException storeFailure(String what, Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return new RegistryException(Reason.STORE, what + ": " + cause, cause);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Wakes a reader waiting for events (the consumer's one thread-safe call), then closes. */
  @Override
  public void close() {
    events.wakeup();
    synchronized (this) {
      try {
        producer.close(CLIENT_TIMEOUT);
      } finally {
        synchronized (readLock()) {
          events.close(CLIENT_TIMEOUT);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Kafka registry " + config.packagesTopic() + " + " + config.eventsTopic();
  }
}
