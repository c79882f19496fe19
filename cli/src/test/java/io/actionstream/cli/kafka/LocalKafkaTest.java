package io.actionstream.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded KRaft broker: start, topics, restart on a kept data directory, port in use. */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalKafkaTest {
  @TempDir Path dir;

  @Test
  void shouldKeepTopicsAcrossARestartOnTheSameDataDirectory() {
    Path data = dir.resolve("data");
    try (LocalKafka kafka = LocalKafka.start(0, data)) {
      assertTrue(kafka.bootstrapServers().startsWith("localhost:"), kafka.bootstrapServers());
      kafka.createTopics(List.of("a", "b"), 2);
      kafka.createTopics(List.of("a"), 2); // existing topics are fine
      assertTrue(kafka.topicNames().containsAll(List.of("a", "b")), "" + kafka.topicNames());
    }
    assertTrue(Files.isDirectory(data), "a given data directory is kept");
    try (LocalKafka kafka = LocalKafka.start(0, data)) {
      assertTrue(kafka.topicNames().containsAll(List.of("a", "b")), "" + kafka.topicNames());
    }
  }

  @Test
  void shouldDeleteATemporaryDataDirectoryOnClose() {
    Path data;
    try (LocalKafka kafka = LocalKafka.start()) {
      data = kafka.dataDir();
      assertTrue(Files.isDirectory(data));
    }
    assertTrue(Files.notExists(data), data + " should be gone");
  }

  @Test
  void shouldRefuseAPortInUseNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> LocalKafka.start(taken.getLocalPort(), null));
      assertTrue(e.getMessage().contains("port " + taken.getLocalPort()), e.getMessage());
    }
    assertEquals(
        "port must be in 0..65535, got 70000",
        assertThrows(IllegalArgumentException.class, () -> LocalKafka.start(70000, null))
            .getMessage());
  }
}
