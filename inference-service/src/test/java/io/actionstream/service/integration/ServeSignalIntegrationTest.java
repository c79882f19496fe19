package io.actionstream.service.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.actionstream.core.testkit.SingleNodeKafka;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in a child JVM under a real SIGTERM: against an in-process KRaft broker it becomes
 * ready and predicts, then on {@link Process#destroy()} closes the service within {@code
 * shutdown.timeout.ms}, exits 143, stops HTTP and leaves the consumer group (no session timeout).
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeSignalIntegrationTest {
  private static final Path TINY = Path.of("src/test/resources/models/tiny");
  private static final int T = 4;
  private static final int SIZE = 32;
  private static final long T0 = 1_764_150_000_000L;
  private static final long SHUTDOWN_MS = 10_000;

  /** Far above how long leaving the group may take, so a member left behind is seen. */
  private static final long SESSION_TIMEOUT_MS = 45_000;

  /** {@code 128 + 15}: the JVM's status after a SIGTERM-triggered shutdown (see ServiceCli). */
  private static final int EXIT_SIGTERM = 143;

  private static KafkaClusterTestKit cluster;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    cluster = SingleNodeKafka.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldCloseExitAndLeaveTheGroupOnSigterm() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String applicationId = "serve-signal-" + id;
    String frames = "frames-" + id;
    String predictions = "predictions-" + id;
    Properties p = new Properties();
    p.put("model.path", TINY.toAbsolutePath().toString());
    p.put("predictor.execution.provider", "cpu");
    p.put("predictor.intra.op.threads", "1");
    p.put("bootstrap.servers", cluster.bootstrapServers());
    p.put("application.id", applicationId);
    p.put("topics.create", "true");
    p.put("clip.frames", Integer.toString(T));
    p.put("clip.stride", Integer.toString(T));
    p.put("state.dir", dir.resolve("state").toString());
    p.put("shutdown.timeout.ms", Long.toString(SHUTDOWN_MS));
    p.put("num.stream.threads", "1");
    p.put("commit.interval.ms", "100");
    p.put("consumer.session.timeout.ms", Long.toString(SESSION_TIMEOUT_MS));
    p.put("consumer.heartbeat.interval.ms", "1000");
    for (String name : List.of("frames", "clips", "predictions", "queries", "answers", "dlq")) {
      p.put("topic." + name, name + "-" + id);
    }
    p.put("topic.labels", "labels-" + id);

    int port;
    String childLog;
    try (ServeProcess child = ServeProcess.start(dir, p)) {
      port = child.httpPort;
      Process serve = child.process;
      child.awaitReady(Duration.ofSeconds(60));
      assertTrue(
          predicts(frames, predictions, Duration.ofSeconds(30)),
          () -> "no prediction\n" + child.output());

      long signalled = System.nanoTime();
      serve.destroy(); // SIGTERM on Linux
      boolean exited = serve.waitFor(SHUTDOWN_MS + 5_000, TimeUnit.MILLISECONDS);
      long exitMs = (System.nanoTime() - signalled) / 1_000_000;
      String output = child.output();
      assertTrue(exited, () -> "still running " + exitMs + " ms after SIGTERM\n" + output);
      assertEquals(EXIT_SIGTERM, serve.exitValue(), output);
      assertTrue(exitMs < SHUTDOWN_MS + 2_000, "exited after " + exitMs + " ms");
      assertTrue(output.contains("stopping (timeout " + SHUTDOWN_MS + " ms)"), output);
      assertTrue(
          Pattern.compile("ActionStreamService - stopped in \\d+ ms").matcher(output).find(),
          output);
      assertFalse(output.contains("did not stop within"), output);
      System.out.printf("serve signal test: exit %d ms after SIGTERM%n", exitMs);
      childLog = output;
    }

    assertThrows(
        ConnectException.class,
        () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
          }
        },
        "HTTP port closed");
    assertLeftGroup(applicationId, childLog);
  }

  /** Sends one clip's worth of frames of one stream and waits for a committed prediction. */
  private static boolean predicts(String frames, String predictions, Duration limit) {
    try (KafkaProducer<byte[], byte[]> producer = SingleNodeKafka.producer(cluster);
        KafkaConsumer<byte[], byte[]> consumer = SingleNodeKafka.readCommittedConsumer(cluster)) {
      for (int i = 0; i < T; i++) {
        Headers h = new RecordHeaders();
        new FrameCodec()
            .writeHeaders(
                new FrameMetadata(i, T0 + i * 40L, SIZE, SIZE, FrameEncoding.RAW_RGB8), h);
        producer.send(
            new ProducerRecord<>(frames, null, utf8("cam-a"), new byte[SIZE * SIZE * 3], h));
      }
      producer.flush();
      consumer.subscribe(List.of(predictions));
      List<Prediction> seen = new ArrayList<>();
      long deadline = System.nanoTime() + limit.toNanos();
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(r -> seen.add(WireSerdes.prediction().read(r.value())));
      }
      return !seen.isEmpty() && seen.get(0).streamId().equals("cam-a");
    }
  }

  /**
   * The group has no members within a few seconds, far less than the session timeout: the service
   * left it rather than being expired by the coordinator.
   */
  private static void assertLeftGroup(String group, String childLog) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      ConsumerGroupDescription d;
      do {
        d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        if (d.members().isEmpty()
            && (d.groupState() == GroupState.EMPTY || d.groupState() == GroupState.DEAD)) {
          return;
        }
        Thread.sleep(100);
      } while (System.nanoTime() < deadline);
      fail(
          "group " + group + " still " + d.groupState() + " with " + d.members() + "\n" + childLog);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
