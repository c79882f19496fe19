package io.actionstream.cli.bench;

import io.actionstream.cli.produce.FramePublisher;
import io.actionstream.cli.produce.SourceFrame;
import io.actionstream.cli.produce.SyntheticSource;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * One timed end-to-end window: the frames of synthetic streams (rendered before timing) go to the
 * frames topic on a sending thread, as fast as the producer takes them or at a given pace, while
 * this thread reads predictions until every clip has one. The clock starts when the first frame is
 * handed over and stops at the last prediction consumed; a clip's latency runs from its last frame
 * handed to the producer to its prediction consumed (one JVM, one monotonic clock).
 */
final class Pass {
  /** {@link FramePublisher}'s frame rate that never waits. */
  static final double AS_FAST_AS_POSSIBLE = Double.POSITIVE_INFINITY;

  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration DRAIN = Duration.ofMillis(300);

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> predictions;
  private final String framesTopic;
  private final Duration idleTimeout;
  private final ModelClock model;

  /**
   * Windows sending with {@code producer} to {@code framesTopic} and reading {@code predictions} (a
   * {@code read_committed} consumer already positioned); a window gives up when no prediction has
   * arrived for {@code idleTimeout}. {@code model} is the predictor the topology calls: each window
   * reads how long the model was busy.
   */
  Pass(
      KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> predictions,
      String framesTopic,
      Duration idleTimeout,
      ModelClock model) {
    this.producer = producer;
    this.predictions = predictions;
    this.framesTopic = framesTopic;
    this.idleTimeout = idleTimeout;
    this.model = model;
  }

  /**
   * Sends every frame of {@code source} at {@code fps} per stream and waits for the predictions.
   *
   * @param fps frames per second per stream, or {@link #AS_FAST_AS_POSSIBLE}
   * @throws IllegalStateException if sending failed
   */
  PassResult run(SyntheticSource source, double fps) {
    int t = source.config().frames();
    List<SourceFrame> frames;
    try (var rendered = source.frames()) {
      frames = rendered.toList();
    }
    Set<String> expected =
        source.clips().stream()
            .map(c -> key(c.streamId(), c.firstFrame()))
            .collect(Collectors.toUnmodifiableSet());
    Map<String, Long> produced = new ConcurrentHashMap<>();
    FramePublisher.Listener lastFrames =
        (f, captureMs) -> {
          if ((f.index() + 1) % t == 0) {
            produced.put(key(f.streamId(), f.index() + 1 - t), System.nanoTime());
          }
        };
    FramePublisher publisher =
        new FramePublisher(producer, framesTopic, FrameEncoding.RAW_RGB8, fps, 0);

    ExecutorService sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-send"));
    try {
      ModelClock.Reading before = model.read();
      long start = System.nanoTime();
      Future<FramePublisher.Result> sending =
          sender.submit(() -> publisher.publish(frames.stream(), lastFrames));
      Arrivals arrivals = new Arrivals(expected);
      collect(arrivals, sending);
      ModelClock.Reading busy = model.read().since(before);
      FramePublisher.Result sent = finish(sending);
      arrivals.record(predictions.poll(DRAIN), System.nanoTime()); // late duplicates
      Map<String, Long> consumed = arrivals.consumed;
      long end = consumed.values().stream().mapToLong(Long::longValue).max().orElse(start);

      List<Double> latencies = new ArrayList<>();
      // the put of a last frame may trail its prediction only if the sender thread stalled
      consumed.forEach((k, at) -> latencies.add(Math.max(0, at - produced.get(k)) / 1e6));
      double seconds = (end - start) / 1e9;
      boolean none = latencies.isEmpty();
      return new PassResult(
          expected.size(),
          sent.frames(),
          consumed.size(),
          arrivals.duplicates,
          arrivals.unexpected,
          Double.isInfinite(fps) ? null : fps * source.streamIds().size() / t,
          seconds,
          none ? 0 : consumed.size() / seconds,
          none ? 0 : Stats.percentile(latencies, 50),
          none ? 0 : Stats.percentile(latencies, 99),
          busy.nanos() / 1e9,
          busy.clips());
    } finally {
      sender.shutdownNow();
    }
  }

  /** Reads predictions until all expected ones are in or none came for the idle timeout. */
  private void collect(Arrivals arrivals, Future<FramePublisher.Result> sending) {
    long lastArrival = System.nanoTime();
    while (!arrivals.complete() && System.nanoTime() - lastArrival < idleTimeout.toNanos()) {
      if (sending.isDone()) {
        finish(sending); // throws if sending failed
      }
      ConsumerRecords<byte[], byte[]> records = predictions.poll(POLL);
      long now = System.nanoTime();
      if (!records.isEmpty()) {
        lastArrival = now;
      }
      arrivals.record(records, now);
    }
  }

  /** Predictions seen in a window: when each expected clip's first one arrived, and the rest. */
  private static final class Arrivals {
    final Set<String> expected;
    final Map<String, Long> consumed = new HashMap<>();
    int duplicates;
    int unexpected;

    Arrivals(Set<String> expected) {
      this.expected = expected;
    }

    boolean complete() {
      return consumed.size() == expected.size();
    }

    void record(ConsumerRecords<byte[], byte[]> records, long now) {
      for (ConsumerRecord<byte[], byte[]> r : records) {
        Prediction p = WireSerdes.prediction().read(r.value());
        String k = key(p.streamId(), p.firstFrame());
        if (!expected.contains(k)) {
          unexpected++;
        } else if (consumed.putIfAbsent(k, now) != null) {
          duplicates++;
        }
      }
    }
  }

  private static FramePublisher.Result finish(Future<FramePublisher.Result> sending) {
    try {
      return sending.get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException("sending frames failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending frames", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("sending frames did not finish within a minute", e);
    }
  }

  private static String key(String streamId, long firstFrame) {
    return streamId + "@" + firstFrame;
  }
}
