package io.actionstream.cli.kafka;

import io.actionstream.cli.TempDirs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka (one process that is both broker and controller) running in this JVM,
 * for local runs, the demo and integration tests.
 *
 * <p>It runs Kafka's own server classes, the ones {@code kafka-storage.sh format} and {@code
 * kafka-server-start.sh} run: the storage {@link Formatter} writes {@code meta.properties} and the
 * bootstrap metadata, then {@link KafkaRaftServer} starts. This was chosen over {@code
 * KafkaClusterTestKit} (a test harness): the test kit always pre-binds random ports (no fixed
 * {@code --port 9092}), enables unstable feature versions, swallows fatal faults into mock handlers
 * (a broken broker would keep running) and drags JUnit onto the runtime classpath. With a given
 * data directory the storage is formatted only once, so a restart keeps its topics.
 *
 * <p>Single node, so every internal topic has replication factor 1; the broker accepts records up
 * to {@link #MAX_MESSAGE_BYTES} (clips are large).
 */
public final class LocalKafka implements AutoCloseable {
  /** Largest record batch the broker accepts: a 16 MiB clip plus overhead. */
  public static final int MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final Map<String, Integer> extraPorts;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private boolean closed;

  private LocalKafka(
      KafkaRaftServer server,
      String bootstrapServers,
      Path dataDir,
      boolean deleteOnClose,
      Map<String, Integer> extraPorts) {
    this.server = server;
    this.extraPorts = Map.copyOf(extraPorts);
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /** Starts a broker on a free port with a temporary data directory (deleted on close). */
  public static LocalKafka start() {
    return start(0, null);
  }

  /**
   * Starts a broker and waits until it answers.
   *
   * @param port the client port, 1..65535, or 0 for a free one
   * @param dataDir where the logs live; kept on close. {@code null}: a temporary directory deleted
   *     on close
   * @throws IllegalArgumentException for a port out of range
   * @throws IllegalStateException if the broker does not start (the message says why, e.g. the port
   *     is in use)
   */
  public static LocalKafka start(int port, Path dataDir) {
    return start(port, dataDir, Map.of(), Map.of());
  }

  /**
   * Starts a broker as {@link #start(int, Path)} does, with further listeners beside the plaintext
   * one (which stays the inter-broker listener), each on a free port: for clients of secured
   * listeners, e.g. in tests. {@link #bootstrapServers(String)} names their addresses.
   *
   * @param extraListeners listener name to security protocol, e.g. {@code SECURE -> SASL_SSL}
   * @param extraProperties further broker settings (listener settings, authorizer, ...); they
   *     override the defaults
   */
  public static LocalKafka start(
      int port,
      Path dataDir,
      Map<String, String> extraListeners,
      Map<String, Object> extraProperties) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    }
    boolean temporary = dataDir == null;
    Path dir;
    try {
      dir = temporary ? Files.createTempDirectory("actionstream-kafka-") : dataDir;
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka data directory " + dataDir, e);
    }
    int brokerPort = port == 0 ? freePort() : requireFree(port);
    int controllerPort = freePort();
    String logDir = dir.resolve("kraft").toAbsolutePath().toString();
    Map<String, Object> props = serverProperties(brokerPort, controllerPort, logDir);
    Map<String, Integer> extraPorts = new HashMap<>();
    for (Map.Entry<String, String> l : extraListeners.entrySet()) {
      int extra = freePort();
      extraPorts.put(l.getKey(), extra);
      String address = l.getKey() + "://localhost:" + extra;
      props.merge("listeners", address, (a, b) -> a + "," + b);
      props.merge("advertised.listeners", address, (a, b) -> a + "," + b);
      props.merge(
          "listener.security.protocol.map", l.getKey() + ":" + l.getValue(), (a, b) -> a + "," + b);
    }
    props.putAll(extraProperties);
    KafkaConfig config = new KafkaConfig(props, false);
    KafkaRaftServer server = null;
    try {
      format(logDir);
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      LocalKafka kafka =
          new LocalKafka(server, "localhost:" + brokerPort, dir, temporary, extraPorts);
      kafka.awaitReady();
      return kafka;
    } catch (Exception e) {
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
      if (temporary) {
        TempDirs.deleteQuietly(dir);
      }
      throw new IllegalStateException("cannot start Kafka on port " + brokerPort + ": " + e, e);
    }
  }

  /** {@code localhost:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * {@code localhost:PORT} of an extra listener given to {@link #start(int, Path, Map, Map)}.
   *
   * @throws IllegalArgumentException if there is no such listener
   */
  public String bootstrapServers(String listener) {
    Integer port = extraPorts.get(listener);
    if (port == null) {
      throw new IllegalArgumentException(
          "no listener " + listener + "; extra listeners: " + extraPorts.keySet());
    }
    return "localhost:" + port;
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** Client properties with {@code bootstrap.servers} set. */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /**
   * Creates the topics that do not exist yet, with {@code partitions} partitions, replication
   * factor 1 and {@code max.message.bytes} = {@link #MAX_MESSAGE_BYTES}, and waits until their
   * metadata has reached the broker.
   */
  public void createTopics(Collection<String> names, int partitions) {
    try (Admin admin = Admin.create(clientProperties())) {
      createTopics(admin, names, partitions);
    }
  }

  /** As {@link #createTopics(Collection, int)}, with any cluster's {@code admin}. */
  public static void createTopics(Admin admin, Collection<String> names, int partitions) {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(
          new NewTopic(name, partitions, (short) 1)
              .configs(
                  Map.of(
                      TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES))));
    }
    try {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + entry.getKey() + ": " + e.getCause(), e.getCause());
          }
        }
      }
      awaitDescribable(admin, names);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out creating topics " + names, e);
    }
  }

  /** Stops the broker (controlled shutdown) and deletes a temporary data directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      TempDirs.deleteQuietly(dataDir);
    }
  }

  private static Map<String, Object> serverProperties(
      int brokerPort, int controllerPort, String logDir) {
    Map<String, Object> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
    p.put(
        "listeners",
        BROKER_LISTENER
            + "://localhost:"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://localhost:"
            + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://localhost:" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("log.dirs", logDir);
    p.put("num.partitions", "1");
    // topics are created on purpose (co-partitioning matters), never by a typo in a client
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    // small log cleaner buffer: compacted changelogs are tiny in local runs
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    return p;
  }

  /** Formats the storage unless it already is (a kept {@code --data-dir} keeps its cluster id). */
  private static void format(String logDir) throws Exception {
    if (Files.exists(Path.of(logDir, "meta.properties"))) {
      return;
    }
    new Formatter()
        .setPrintStream(
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir))
        .setMetadataLogDirectory(logDir)
        .setControllerListenerName(CONTROLLER_LISTENER)
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(clientProperties())) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
        Thread.sleep(100);
      }
    }
  }

  private static void awaitDescribable(Admin admin, Collection<String> names)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topics " + names + " not ready: " + e, e);
        }
        Thread.sleep(100);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  private static int requireFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " is in use (another Kafka?); pick another with --port, or 0", e);
    }
  }

  /** The names of the topics that exist. */
  public Set<String> topicNames() {
    try (Admin admin = Admin.create(clientProperties())) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot list topics: " + e, e);
    }
  }
}
