package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.actionstream.service.http.HttpEndpoints;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service while its only broker is down and after it comes back on the same port and data: what
 * {@code /health/live} and {@code /health/ready} answer meanwhile (docs/operations.md), and that
 * every clip sent before and after the outage gets exactly one prediction.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrokerOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration OUTAGE = Duration.ofSeconds(12);

  @TempDir Path work;

  @Test
  void shouldStayLiveWhileTheBrokerIsDownAndPredictEveryClipOnceAfterItReturns() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path data = work.resolve("kafka");
    LocalKafka kafka = LocalKafka.start(port, data);
    Map<String, Integer> live = new TreeMap<>();
    Map<String, Integer> ready = new TreeMap<>();
    try (ActionStreamService service =
        DemoService.startReady(
            DemoService.config(
                DemoModel.extract(work), kafka.bootstrapServers(), work.resolve("state"), 0, 1),
            WAIT)) {
      ServiceEndpoints http = new ServiceEndpoints(service);
      send(kafka.bootstrapServers(), "before", 3);
      Map<String, Integer> predicted = new HashMap<>();
      await(kafka.bootstrapServers(), predicted, 3);

      kafka.close();
      long end = System.nanoTime() + OUTAGE.toNanos();
      while (System.nanoTime() < end) {
        live.merge(Integer.toString(http.get(HttpEndpoints.LIVE).statusCode()), 1, Integer::sum);
        var r = http.get(HttpEndpoints.READY);
        ready.merge(r.statusCode() + " " + service.streamsState(), 1, Integer::sum);
        Thread.sleep(250);
      }
      kafka = LocalKafka.start(port, data);
      send(kafka.bootstrapServers(), "after", 3);
      await(kafka.bootstrapServers(), predicted, 6);
      assertTrue(service.awaitReady(WAIT), "ready again after the broker returned");
      System.out.println("during the outage: live " + live + ", ready " + ready);
      assertEquals(List.of("200"), List.copyOf(live.keySet()), "live throughout: " + live);
      assertEquals(
          List.of("200 RUNNING"), List.copyOf(ready.keySet()), "ready during outage: " + ready);
      assertEquals(6, predicted.size(), "clips predicted: " + predicted.keySet());
      assertTrue(predicted.values().stream().allMatch(n -> n == 1), "once each: " + predicted);
    } finally {
      kafka.close();
    }
  }

  /** Sends {@code clips} clips of one synthetic stream {@code <prefix>-1}. */
  private static void send(String bootstrap, String prefix, int clips) throws Exception {
    SyntheticSource source =
        new SyntheticSource(
            prefix, 1, clips, GeneratorConfig.builder().frames(8).size(32, 32).seed(3).build());
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap)) {
      new FramePublisher(producer, "frames", FrameEncoding.RAW_RGB8, 1000, 0)
          .publish(source.frames(), (frame, ms) -> {});
    }
  }

  /** Reads predictions until {@code total} distinct clips were predicted, counting each. */
  private static void await(String bootstrap, Map<String, Integer> predicted, int total) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.follower(bootstrap, List.of("predictions"), true)) {
      predicted.clear();
      long end = System.nanoTime() + WAIT.toNanos();
      long settle = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(end, settle)) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        for (ConsumerRecord<byte[], byte[]> r : records) {
          Prediction p = WireSerdes.prediction().read(r.value());
          predicted.merge(p.streamId() + "@" + p.firstFrame(), 1, Integer::sum);
        }
        if (predicted.size() >= total && settle == Long.MAX_VALUE) {
          settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        }
      }
    }
    assertEquals(total, predicted.size(), "predicted " + predicted.keySet());
  }
}
