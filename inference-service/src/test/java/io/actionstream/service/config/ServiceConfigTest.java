package io.actionstream.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.service.predict.PredictorOptions;
import io.actionstream.service.predict.PredictorOptions.ExecutionProvider;
import io.actionstream.streams.config.StreamProcessorsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {
  static final Map<String, String> REQUIRED =
      Map.of(
          "model.path", "/models/m1",
          "application.id", "actionstream",
          "bootstrap.servers", "broker:9092");

  @TempDir Path dir;

  static Map<String, String> with(String... keyValues) {
    Map<String, String> m = new HashMap<>(REQUIRED);
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  static ConfigException refused(Map<String, String> settings) {
    return assertThrows(ConfigException.class, () -> new ServiceConfig(settings));
  }

  @Test
  void shouldApplyDocumentedDefaults() {
    ServiceConfig c = new ServiceConfig(REQUIRED);
    assertEquals(Path.of("/models/m1"), c.modelPath());
    assertEquals(PredictorOptions.defaults(), c.predictorOptions());
    assertEquals("0.0.0.0", c.httpHost());
    assertEquals(8080, c.httpPort());
    assertEquals(30_000, c.shutdownTimeout().toMillis());
    assertFalse(c.createTopics());
    assertEquals(16, c.streamProcessors().clipFrames());
  }

  @Test
  void shouldLetOverridesBeatEnvironmentBeatFile() throws IOException {
    Path file = dir.resolve("service.properties");
    Files.writeString(
        file,
        "model.path=/from/file\napplication.id=app\nbootstrap.servers=b:9092\n"
            + "http.port=1001\nclip.frames=8\nclip.stride=4\n");
    Map<String, String> env =
        Map.of(
            "ACTIONSTREAM_HTTP_PORT", "1002",
            "ACTIONSTREAM_SASL_JAAS_CONFIG", "jaas-secret",
            "ACTIONSTREAM_JAVA_OPTS", "-Xmx1g",
            "OTHER_HTTP_PORT", "9");
    ConfigSources fileOnly = ConfigSources.load(file, Map.of(), Map.of());
    assertEquals(1001, fileOnly.toConfig().httpPort());
    assertEquals("config file " + file, fileOnly.origin("http.port"));

    ConfigSources fileAndEnv = ConfigSources.load(file, env, Map.of());
    ServiceConfig c = fileAndEnv.toConfig();
    assertEquals(1002, c.httpPort());
    assertEquals("environment variable ACTIONSTREAM_HTTP_PORT", fileAndEnv.origin("http.port"));
    assertEquals("jaas-secret", c.streamsProperties().get("sasl.jaas.config"));
    assertFalse(fileAndEnv.values().containsKey("java.opts"), "ACTIONSTREAM_JAVA_OPTS is no key");

    ConfigSources all = ConfigSources.load(file, env, Map.of("http.port", "1003"));
    assertEquals(1003, all.toConfig().httpPort());
    assertEquals("--set http.port", all.origin("http.port"));
    assertEquals(8, all.toConfig().streamProcessors().clipFrames());
  }

  @Test
  void shouldMapEnvironmentVariablesToKeys() {
    assertEquals("bootstrap.servers", ConfigSources.keyOf("ACTIONSTREAM_BOOTSTRAP_SERVERS"));
    assertEquals("sasl.jaas.config", ConfigSources.keyOf("ACTIONSTREAM_SASL_JAAS_CONFIG"));
    assertEquals("ACTIONSTREAM_TOPICS_CREATE", ConfigSources.environmentVariable("topics.create"));
  }

  @Test
  void shouldRefuseTyposInOwnPrefixesNamingTheKey() {
    for (String typo :
        List.of("http.prot", "model.pth", "topic.frame", "clip.frame", "wire.max.bytes")) {
      ConfigException e = refused(with(typo, "1"));
      assertTrue(e.getMessage().contains(typo), e.getMessage());
    }
    assertTrue(refused(with("http.prot", "1")).getMessage().contains("did you mean http.port?"));
    // outside the service's prefixes a key is Kafka's: passed through as it is
    assertEquals(
        "v",
        new ServiceConfig(with("custom.interceptor.key", "v"))
            .streamsProperties()
            .get("custom.interceptor.key"));
  }

  @Test
  void shouldNameTheMissingRequiredKey() {
    for (String key : REQUIRED.keySet()) {
      Map<String, String> settings = new HashMap<>(REQUIRED);
      settings.remove(key);
      ConfigSources sources = ConfigSources.load(null, Map.of(), settings);
      ConfigException e = assertThrows(ConfigException.class, sources::toConfig);
      assertTrue(e.getMessage().contains("\"" + key + "\""), e.getMessage());
      assertTrue(e.getMessage().contains("--set"), e.getMessage());
    }
  }

  @Test
  void shouldNameTheKeyAndSourceOfABadValue() {
    Map<String, String> bad =
        Map.of(
            "http.port", "65536",
            "predictor.execution.provider", "gpu",
            "predictor.intra.op.threads", "-1",
            "shutdown.timeout.ms", "soon",
            "topics.create", "maybe",
            "clip.frames", "0",
            "num.stream.threads", "many",
            "processing.guarantee", "exactly_once");
    bad.forEach(
        (key, value) -> {
          Map<String, String> env = Map.of(ConfigSources.environmentVariable(key), value);
          ConfigSources sources = ConfigSources.load(null, env, REQUIRED);
          ConfigException e = assertThrows(ConfigException.class, sources::toConfig, key);
          assertTrue(e.getMessage().contains(key), e.getMessage());
          assertTrue(
              e.getMessage()
                  .contains(
                      "(from environment variable " + ConfigSources.environmentVariable(key) + ")"),
              e.getMessage());
        });
  }

  @Test
  void shouldAcceptProviderAndOptimisationInAnyCase() {
    ServiceConfig c =
        new ServiceConfig(
            with("predictor.execution.provider", "CPU", "predictor.optimisation", "Basic"));
    assertEquals(ExecutionProvider.CPU, c.predictorOptions().executionProvider());
    assertEquals(PredictorOptions.Optimisation.BASIC, c.predictorOptions().optimisation());
  }

  @Test
  void shouldPassKafkaKeysThroughAndKeepOwnKeysOut() {
    ServiceConfig c =
        new ServiceConfig(
            with(
                "num.stream.threads", "2",
                "state.dir", "/var/lib/as",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "ssl.truststore.location", "/etc/ts.jks",
                "admin.request.timeout.ms", "5000",
                "processing.guarantee", "at_least_once"));
    Properties p = c.streamsProperties();
    assertEquals("2", p.get("num.stream.threads"));
    assertEquals("/var/lib/as", p.get("state.dir"));
    assertEquals("SASL_SSL", p.get("security.protocol"));
    assertEquals("PLAIN", p.get("sasl.mechanism"));
    assertEquals("/etc/ts.jks", p.get("ssl.truststore.location"));
    assertEquals("actionstream", p.get("application.id"));
    assertEquals("broker:9092", p.get("bootstrap.servers"));
    assertEquals("at_least_once", p.get("processing.guarantee"));
    for (String own : List.of("model.path", "http.port", "clip.frames", "topic.frames")) {
      assertNull(p.get(own), own);
    }
    Map<String, Object> admin = c.adminProperties();
    assertEquals("SASL_SSL", admin.get("security.protocol"));
    assertEquals("5000", String.valueOf(admin.get("request.timeout.ms")));
    assertTrue(String.valueOf(admin.get("bootstrap.servers")).contains("broker:9092"));
  }

  @Test
  void shouldMaskSecretsInTheEffectiveConfig() {
    ServiceConfig c =
        new ServiceConfig(
            with(
                "sasl.jaas.config", "org.apache...PlainLoginModule required password=\"s3cr3t\";",
                "ssl.key.password", "k3y",
                "producer.ssl.keystore.password", "st0re",
                "security.protocol", "SASL_SSL"));
    Map<String, String> shown = c.effectiveMasked();
    assertEquals(Secrets.MASK, shown.get("sasl.jaas.config"));
    assertEquals(Secrets.MASK, shown.get("ssl.key.password"));
    assertEquals(Secrets.MASK, shown.get("producer.ssl.keystore.password"));
    assertEquals("SASL_SSL", shown.get("security.protocol"));
    assertEquals("8080", shown.get("http.port"), "defaults are shown");
    String text = shown.toString();
    for (String secret : List.of("s3cr3t", "k3y", "st0re")) {
      assertFalse(text.contains(secret), secret);
    }
  }

  @Test
  void shouldSizeTheProducerForTheLargestRecordUnlessSet() {
    ServiceConfig c = new ServiceConfig(REQUIRED);
    int required = RecordSizes.requiredMaxRequestSize(c.streamProcessors());
    // a default assembly window (T=16 + 2 frames of up to ~1 MiB) is larger than a 16 MiB clip
    assertTrue(required > 16 * 1024 * 1024 + RecordSizes.RECORD_OVERHEAD, "" + required);
    assertEquals(
        Integer.toString(required),
        c.streamsProperties().get(RecordSizes.PRODUCER_MAX_REQUEST_SIZE));
    assertEquals(
        Long.toString(16L * 1024 * 1024 + RecordSizes.RECORD_OVERHEAD),
        c.createdTopicConfigs().get("max.message.bytes"));

    String big = Integer.toString(required + 1);
    Properties p = new ServiceConfig(with("max.request.size", big)).streamsProperties();
    assertEquals(big, p.get("max.request.size"));
    assertNull(p.get(RecordSizes.PRODUCER_MAX_REQUEST_SIZE), "the user's value is kept");
  }

  @Test
  void shouldRefuseAProducerRequestSizeTooSmallForAClip() {
    for (String key : List.of(RecordSizes.PRODUCER_MAX_REQUEST_SIZE, "max.request.size")) {
      ConfigException e = refused(with(key, "1048576"));
      assertTrue(e.getMessage().contains(key), e.getMessage());
      assertTrue(e.getMessage().contains("wire.max.record.bytes"), e.getMessage());
    }
    // small clips fit a 1 MiB request
    ServiceConfig small =
        new ServiceConfig(
            with(
                StreamProcessorsConfig.MAX_RECORD_BYTES_CONFIG, "200000",
                StreamProcessorsConfig.CLIP_FRAMES_CONFIG, "4",
                StreamProcessorsConfig.CLIP_STRIDE_CONFIG, "2",
                RecordSizes.PRODUCER_MAX_REQUEST_SIZE, "1048576"));
    assertEquals("1048576", small.streamsProperties().get(RecordSizes.PRODUCER_MAX_REQUEST_SIZE));
  }

  @Test
  void shouldNeedModelPathOnlyWhenTheModelComesFromAPath() {
    Map<String, String> s = with();
    s.remove("model.path");
    ConfigException e = refused(s);
    assertTrue(e.getMessage().contains("model.path"), e.getMessage());
    assertTrue(e.getMessage().contains("required when model.source=path"), e.getMessage());
    s.put("model.source", "Registry");
    s.put("model.registry.poll.ms", "250");
    ServiceConfig c = new ServiceConfig(s);
    assertEquals(ServiceConfig.ModelSource.REGISTRY, c.modelSource());
    assertEquals(Duration.ofMillis(250), c.registryPoll());
    assertTrue(
        c.registryCacheDir().endsWith(Path.of("actionstream-models", "actionstream")),
        c.registryCacheDir().toString());
    s.put("model.registry.poll.ms", "5");
    assertTrue(refused(s).getMessage().contains("model.registry.poll.ms"));
  }

  /** Issue 18: under at_least_once the effective settings print the in-flight value in use, 0. */
  @Test
  void shouldPrintTheInFlightBatchesInUse() {
    assertEquals(
        "0",
        new ServiceConfig(with("processing.guarantee", "at_least_once"))
            .effectiveMasked()
            .get("inference.max.in.flight.batches"));
    assertEquals(
        "4", new ServiceConfig(REQUIRED).effectiveMasked().get("inference.max.in.flight.batches"));
  }

  @Test
  void shouldAcceptTheExampleConfigFile() {
    ServiceConfig c =
        ConfigSources.load(Path.of("..", "config", "service.properties"), Map.of(), Map.of())
            .toConfig();
    assertEquals(8080, c.httpPort());
    assertEquals("1", c.streamsProperties().get("num.stream.threads"));
  }

  @Test
  void shouldDocumentEveryKeyWithItsDefault() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "operations.md"));
    List<String> missing = new ArrayList<>();
    for (var key : ServiceConfig.CONFIG.configKeys().values()) {
      String row = "| `" + key.name + "` |";
      String def =
          !key.hasDefault()
              ? "required"
              : key.defaultValue == null ? "none" : "`" + key.defaultValue + "`";
      int at = doc.indexOf(row);
      if (at < 0 || !doc.substring(at, doc.indexOf('\n', at)).contains(def)) {
        missing.add(key.name + " (" + def + ")");
      }
    }
    for (String key : StreamProcessorsConfig.CONFIG.names()) {
      if (!doc.contains("`" + key + "`")) {
        missing.add(key);
      }
    }
    assertTrue(missing.isEmpty(), "docs/operations.md lacks " + missing);
  }
}
