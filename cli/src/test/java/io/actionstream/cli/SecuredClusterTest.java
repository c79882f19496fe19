package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.actionstream.cli.demo.DemoModel;
import io.actionstream.cli.demo.DemoService;
import io.actionstream.cli.demo.ServiceEndpoints;
import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.cli.kafka.LocalKafka;
import io.actionstream.cli.produce.FramePublisher;
import io.actionstream.cli.produce.SyntheticSource;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.service.ActionStreamService;
import io.actionstream.service.ServiceCli;
import io.actionstream.service.config.ConfigSources;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.service.http.HttpEndpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The service, the registry commands and a camera against a broker with TLS, SASL/SCRAM-SHA-512,
 * mutual TLS and an authorizer (certificates made at test time): the service runs with exactly the
 * ACLs docs/operations.md lists, clients without or with wrong credentials are refused, and no
 * secret appears in the logs, the {@code config} output, {@code /health} or {@code /metrics}.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecuredClusterTest {
  private static final String APP = "secure-app";
  private static final String STORE_PASSWORD = "store-pass-7qX";
  private static final String SERVICE_PASSWORD = "service-pass-3kW";
  private static final String OPERATOR_PASSWORD = "operator-pass-9zR";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> TOPICS =
      List.of("frames", "clips", "queries", "labels", "predictions", "answers", "dlq");
  private static final List<String> REGISTRY =
      List.of("actionstream-model-packages", "actionstream-model-events");

  @TempDir static Path dir;
  private static TestCertificates certs;
  private static LocalKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.make(dir, STORE_PASSWORD);
    Map<String, Object> broker = new HashMap<>();
    broker.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    // the plaintext listener is the inter-broker and admin one of this test: its ANONYMOUS
    // principal is the super user; clients under test use SECURE and MTLS
    broker.put("super.users", "User:ANONYMOUS");
    broker.put("listener.name.secure.sasl.enabled.mechanisms", "SCRAM-SHA-512");
    broker.put(
        "listener.name.secure.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    broker.put("ssl.keystore.type", "PKCS12");
    broker.put("ssl.keystore.location", certs.brokerKeystore.toString());
    broker.put("ssl.keystore.password", STORE_PASSWORD);
    broker.put("ssl.key.password", STORE_PASSWORD);
    broker.put("ssl.truststore.type", "PKCS12");
    broker.put("ssl.truststore.location", certs.brokerTruststore.toString());
    broker.put("ssl.truststore.password", STORE_PASSWORD);
    broker.put("listener.name.mtls.ssl.client.auth", "required");
    broker.put("ssl.principal.mapping.rules", "RULE:^CN=(.*?)$/$1/,DEFAULT");
    kafka = LocalKafka.start(0, null, Map.of("SECURE", "SASL_SSL", "MTLS", "SSL"), broker);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .alterUserScramCredentials(
              List.of(scram("service", SERVICE_PASSWORD), scram("operator", OPERATOR_PASSWORD)))
          .all()
          .get(30, TimeUnit.SECONDS);
      List<NewTopic> topics = new ArrayList<>();
      TOPICS.forEach(t -> topics.add(new NewTopic(t, 2, (short) 1)));
      REGISTRY.forEach(
          t ->
              topics.add(
                  new NewTopic(t, 1, (short) 1)
                      .configs(
                          Map.of("cleanup.policy", "compact", "max.message.bytes", "2000000"))));
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      List<AclBinding> acls = new ArrayList<>(documentedServiceAcls("User:service"));
      for (String t : REGISTRY) {
        for (AclOperation op :
            List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS)) {
          acls.add(allow("User:operator", ResourceType.TOPIC, t, PatternType.LITERAL, op));
        }
      }
      // the camera authenticates with its certificate (CN=client)
      acls.add(
          allow(
              "User:client",
              ResourceType.TOPIC,
              "frames",
              PatternType.LITERAL,
              AclOperation.WRITE));
      admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static UserScramCredentialUpsertion scram(String user, String password) {
    return new UserScramCredentialUpsertion(
        user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password);
  }

  private static AclBinding allow(
      String principal, ResourceType type, String name, PatternType pattern, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  /**
   * The ACLs of docs/operations.md's table whose "When" is {@code always} or {@code
   * model.source=registry}, for {@code principal} and application id {@link #APP}.
   */
  static List<AclBinding> documentedServiceAcls(String principal) throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "operations.md"));
    int start = doc.indexOf("\n### ACLs\n");
    String section = doc.substring(start, doc.indexOf("\n## ", start));
    List<AclBinding> acls = new ArrayList<>();
    for (String line : section.lines().filter(l -> l.startsWith("| ")).toList()) {
      String[] cells = line.split("\\|");
      String when = cells[5].strip();
      if (!(when.startsWith("always") || when.equals("`model.source=registry`"))) {
        continue;
      }
      ResourceType type =
          ResourceType.valueOf(
              cells[1].strip().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
      PatternType pattern = PatternType.valueOf(cells[2].strip().toUpperCase(Locale.ROOT));
      for (String name : cells[3].strip().split(",\\s*")) {
        String resource = name.replace("`", "").replace("<app>", APP);
        for (String op : cells[4].strip().split(",\\s*")) {
          acls.add(
              allow(
                  principal,
                  type,
                  resource,
                  pattern,
                  AclOperation.valueOf(
                      op.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT))));
        }
      }
    }
    assertTrue(acls.size() >= 12, "ACL rows read from docs/operations.md: " + acls);
    return acls;
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  /** Client settings for SCRAM over TLS as {@code user}. */
  private static Map<String, Object> scramClient(String user, String password) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", kafka.bootstrapServers("SECURE"));
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", "SCRAM-SHA-512");
    p.put("sasl.jaas.config", jaas(user, password));
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", certs.clientTruststore.toString());
    p.put("ssl.truststore.password", STORE_PASSWORD);
    return p;
  }

  /** Client settings for mutual TLS, with or without the client's key. */
  private static Map<String, Object> mtlsClient(boolean withKey) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", kafka.bootstrapServers("MTLS"));
    p.put("security.protocol", "SSL");
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", certs.clientTruststore.toString());
    p.put("ssl.truststore.password", STORE_PASSWORD);
    if (withKey) {
      p.put("ssl.keystore.type", "PKCS12");
      p.put("ssl.keystore.location", certs.clientKeystore.toString());
      p.put("ssl.keystore.password", STORE_PASSWORD);
    }
    return p;
  }

  @Test
  void shouldServeWithTheDocumentedAclsOverScramAndTlsAndNeverShowASecret() throws Exception {
    // the operator publishes and promotes the model through the CLI, secrets in a command config
    Path operator = dir.resolve("operator.properties");
    Map<String, Object> op = scramClient("operator", OPERATOR_PASSWORD);
    op.remove("bootstrap.servers");
    Files.writeString(
        operator,
        op.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .reduce("", (a, b) -> a + b + "\n"));
    Path model = DemoModel.extract(dir.resolve("model"));
    for (String[] args :
        List.of(
            new String[] {"publish", model.toString(), "--reason", "first"},
            new String[] {"promote", DemoModel.VERSION, "--reason", "first"})) {
      List<String> all = new ArrayList<>(List.of("model"));
      all.addAll(List.of(args));
      all.addAll(
          List.of("-b", kafka.bootstrapServers("SECURE"), "--command-config", operator.toString()));
      CliRun run = CliRun.of(all.toArray(String[]::new));
      assertEquals(0, run.exitCode(), run.toString());
    }

    // the service: settings as `serve` reads them, secrets from the environment
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ACTIONSTREAM_SASL_JAAS_CONFIG", jaas("service", SERVICE_PASSWORD));
    env.put("ACTIONSTREAM_SSL_TRUSTSTORE_PASSWORD", STORE_PASSWORD);
    Map<String, String> set =
        new LinkedHashMap<>(
            DemoService.settings(
                kafka.bootstrapServers("SECURE"),
                dir.resolve("state"),
                0,
                2,
                DemoModel.input().frames()));
    set.put("application.id", APP);
    set.put(ServiceConfig.TOPICS_CREATE_CONFIG, "false");
    set.put(ServiceConfig.MODEL_SOURCE_CONFIG, "registry");
    set.put(ServiceConfig.REGISTRY_CACHE_DIR_CONFIG, dir.resolve("cache").toString());
    set.put("security.protocol", "SASL_SSL");
    set.put("sasl.mechanism", "SCRAM-SHA-512");
    set.put("ssl.truststore.type", "PKCS12");
    set.put("ssl.truststore.location", certs.clientTruststore.toString());
    ServiceConfig config = ConfigSources.load(null, env, set).toConfig();

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    Map<String, Integer> predicted = new HashMap<>();
    String health;
    try (ActionStreamService service = DemoService.startReady(config, WAIT)) {
      // a camera with its own certificate sends frames
      SyntheticSource clips =
          new SyntheticSource(
              "sec", 2, 2, GeneratorConfig.builder().frames(8).size(32, 32).seed(9).build());
      try (KafkaProducer<byte[], byte[]> camera =
          new KafkaProducer<>(
              mtlsClient(true), new ByteArraySerializer(), new ByteArraySerializer())) {
        new FramePublisher(camera, "frames", FrameEncoding.RAW_RGB8, 1000, 0)
            .publish(clips.frames(), (f, ms) -> {});
      }
      awaitPredictions(predicted, 4);
      ServiceEndpoints http = new ServiceEndpoints(service);
      health =
          http.get(HttpEndpoints.LIVE).body()
              + http.get(HttpEndpoints.READY).body()
              + http.get(HttpEndpoints.METRICS).body();
    } finally {
      root.detachAppender(logs);
    }
    assertEquals(4, predicted.size(), "clips predicted: " + predicted);
    assertTrue(predicted.values().stream().allMatch(n -> n == 1), "once each: " + predicted);

    StringWriter configOut = new StringWriter();
    var cli = ServiceCli.commandLine(env);
    cli.setOut(new PrintWriter(configOut, true));
    List<String> configArgs = new ArrayList<>(List.of("config"));
    set.forEach((k, v) -> configArgs.addAll(List.of("--set", k + "=" + v)));
    assertEquals(0, cli.execute(configArgs.toArray(String[]::new)));
    assertTrue(configOut.toString().contains("sasl.jaas.config"), configOut.toString());

    StringBuilder logText = new StringBuilder();
    logs.list.forEach(e -> logText.append(e.getFormattedMessage()).append('\n'));
    assertTrue(logText.length() > 1000, "logs captured: " + logText.length());
    for (String secret : List.of(SERVICE_PASSWORD, STORE_PASSWORD)) {
      assertFalse(logText.toString().contains(secret), "a secret in the logs");
      assertFalse(configOut.toString().contains(secret), "a secret in config: " + configOut);
      assertFalse(health.contains(secret), "a secret in /health or /metrics");
    }
  }

  @Test
  void shouldRefuseClientsWithoutOrWithWrongCredentialsOrWithoutAcls() {
    Map<String, Object> wrong = scramClient("service", "not-the-password");
    ExecutionException badPassword = assertThrows(ExecutionException.class, () -> describe(wrong));
    assertInstanceOf(SaslAuthenticationException.class, badPassword.getCause());

    Map<String, Object> noSasl = scramClient("service", SERVICE_PASSWORD);
    noSasl.put("security.protocol", "SSL"); // TLS without SCRAM on the SASL_SSL listener
    assertThrows(Exception.class, () -> describe(noSasl));

    ExecutionException noCertificate =
        assertThrows(ExecutionException.class, () -> describe(mtlsClient(false)));
    assertInstanceOf(SslAuthenticationException.class, noCertificate.getCause());

    // the camera may write frames, nothing else
    Map<String, Object> camera = mtlsClient(true);
    camera.put(ConsumerConfig.GROUP_ID_CONFIG, "camera");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(camera, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(List.of(new org.apache.kafka.common.TopicPartition("predictions", 0)));
      assertThrows(TopicAuthorizationException.class, () -> c.poll(Duration.ofSeconds(10)));
    }
  }

  private static void describe(Map<String, Object> client) throws Exception {
    Map<String, Object> p = new HashMap<>(client);
    p.put("request.timeout.ms", 8000);
    p.put("default.api.timeout.ms", 10000);
    try (Admin admin = Admin.create(p)) {
      admin.describeTopics(List.of("frames")).allTopicNames().get(15, TimeUnit.SECONDS);
    }
  }

  private static void awaitPredictions(Map<String, Integer> predicted, int count) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.follower(kafka.bootstrapServers(), List.of("predictions"), true)) {
      long end = System.nanoTime() + WAIT.toNanos();
      long settle = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(end, settle)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Prediction p = WireSerdes.prediction().read(r.value());
          assertEquals(DemoModel.VERSION, p.modelVersion());
          predicted.merge(p.streamId() + "@" + p.firstFrame(), 1, Integer::sum);
        }
        if (predicted.size() >= count && settle == Long.MAX_VALUE) {
          settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        }
      }
    }
  }
}
