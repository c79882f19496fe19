package io.actionstream.cli.bench;

import io.actionstream.cli.TempDirs;
import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.topology.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One timed pass of JPEG camera frames through a real broker and the real topology: a backlog of
 * frame records is written first, then the topology is started and timed from its first clip (or
 * prediction) to its last, counting T frames per output after the first. CPU is counted on the
 * Kafka Streams instance's own Java threads (its name is in theirs: stream, inference and producer
 * threads), which leaves out the in-process broker, and on the whole process, which does not.
 */
final class BrokerIngest {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Frames per wall-second, and per CPU-second of the instance's threads and of the process.
   *
   * @param frames frames processed
   */
  record Rate(long frames, double wallSeconds, double threadCpuSeconds, double processCpuSeconds) {
    double perSecond() {
      return frames / wallSeconds;
    }

    double perThreadCore() {
      return frames / threadCpuSeconds;
    }

    double perProcessCore() {
      return frames / processCpuSeconds;
    }
  }

  private BrokerIngest() {}

  /**
   * Runs one pass.
   *
   * @param predictor the model, or a {@link ConstantPredictor} to time the ingest path alone
   * @param clipsTopic assemble to the clips topic and count clips there (else count predictions)
   */
  static Rate pass(
      BenchCluster kafka,
      Predictor predictor,
      boolean clipsTopic,
      ResizePolicy policy,
      List<byte[]> frames,
      int width,
      int height,
      int streams,
      int framesPerStream)
      throws Exception {
    int t = predictor.input().frames();
    String run = "actionstream-ingest-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> values = new HashMap<>(EndToEndBenchmark.topicNames(run));
    values.put(StreamProcessorsConfig.CLIP_FRAMES_CONFIG, t);
    values.put(StreamProcessorsConfig.CLIP_STRIDE_CONFIG, t);
    values.put(StreamProcessorsConfig.FRAMES_RESIZE_CONFIG, policy.configName());
    values.put(
        StreamProcessorsConfig.ASSEMBLY_OUTPUT_CONFIG,
        clipsTopic
            ? StreamProcessorsConfig.ASSEMBLY_OUTPUT_CLIPS_TOPIC
            : StreamProcessorsConfig.ASSEMBLY_OUTPUT_INFERENCE);
    StreamProcessorsConfig config = new StreamProcessorsConfig(values);
    Topics topics = Topics.of(config);
    kafka.createTopics(topics.names(), 2);
    String bootstrap = kafka.bootstrapServers();
    FrameCodec codec = new FrameCodec();
    List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = backlogProducer(bootstrap)) {
      for (int i = 0; i < framesPerStream; i++) {
        for (int s = 0; s < streams; s++) {
          RecordHeaders headers = new RecordHeaders();
          codec.writeHeaders(
              new FrameMetadata(i, i * 66L, width, height, FrameEncoding.JPEG), headers);
          sent.add(
              producer.send(
                  new ProducerRecord<>(
                      topics.frames().name(),
                      null,
                      StreamIds.encode("cam-" + s),
                      frames.get((i + s) % frames.size()),
                      headers)));
        }
      }
      producer.flush();
      for (java.util.concurrent.Future<?> f : sent) {
        f.get(); // a frame that was not written would leave its clip missing
      }
    }
    String out = clipsTopic ? topics.clips().name() : topics.predictions().name();
    long expected = (long) streams * (framesPerStream / t);
    Path work = Files.createTempDirectory("actionstream-ingest-");
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.follower(bootstrap, List.of(out), true)) {
      long process0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      try (AutoCloseable running =
          new TopologyProcessing().start(bootstrap, run, config, predictor, work)) {
        long seen = 0;
        long deadline = t0 + TIMEOUT.toNanos();
        while (seen < expected) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "only "
                    + seen
                    + " of "
                    + expected
                    + " outputs after "
                    + TIMEOUT.toSeconds()
                    + " s");
          }
          seen += consumer.poll(Duration.ofMillis(20)).count();
        }
        long wall = System.nanoTime() - t0;
        double threadCpu = instanceCpuSeconds(run);
        double processCpu = (os.getProcessCpuTime() - process0) / 1e9;
        return new Rate((long) streams * framesPerStream, wall / 1e9, threadCpu, processCpu);
      }
    } finally {
      TempDirs.deleteQuietly(work);
    }
  }

  /**
   * The CLI's producer with one request in flight: the backlog is written before timing starts, so
   * its speed does not matter, and a first batch retried after its partition's later batches were
   * appended can never be refused as out of sequence (the broker remembers only the last five).
   */
  private static KafkaProducer<byte[], byte[]> backlogProducer(String bootstrap) {
    java.util.Properties p = new java.util.Properties();
    p.put(org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
    p.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(
        org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(
        org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        io.actionstream.cli.kafka.LocalKafka.MAX_MESSAGE_BYTES);
    p.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(
        p,
        new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  /** CPU seconds of the live threads whose name contains {@code run}. */
  private static double instanceCpuSeconds(String run) {
    long nanos = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(run)) {
        long cpu = THREADS.getThreadCpuTime(info.getThreadId());
        nanos += Math.max(0, cpu);
      }
    }
    return nanos / 1e9;
  }
}
