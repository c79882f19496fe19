package io.actionstream.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaClientOptionsTest {
  @TempDir Path dir;

  @Test
  void shouldTakeSecurityFromTheEnvironmentThenTheFileThenTheBootstrapOption() throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");
    KafkaClientOptions o = new KafkaClientOptions();
    new CommandLine(o).parseArgs("-b", "k:9093", "--command-config", file.toString());
    o.environment =
        Map.of(
            "ACTIONSTREAM_SASL_JAAS_CONFIG", "secret",
            "ACTIONSTREAM_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
            "ACTIONSTREAM_HTTP_PORT", "1",
            "OTHER_SASL_X", "y");
    Map<String, Object> p = o.clientProperties();
    assertEquals(
        Map.of(
            "bootstrap.servers", "k:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "secret"),
        p);
  }
}
