package io.actionstream.demo;

import io.actionstream.cli.demo.Scoreboard;
import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the predictions topic on a thread of its own and scores every prediction against what the
 * camera truly showed, per model version; prints a line with the version every {@code every}
 * predictions.
 */
final class LiveScores implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Cameras cameras;
  private final PropertySchema schema;
  private final PrintWriter out;
  private final int every;
  private final Map<String, Scoreboard> byVersion = new LinkedHashMap<>();
  private final Set<String> seen = new HashSet<>();
  private final Set<Integer> excluded = new HashSet<>();
  private final Map<String, List<Prediction>> wrong = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile Throwable failure;
  private int duplicates;
  private int printed;

  LiveScores(
      String bootstrapServers,
      String topic,
      Cameras cameras,
      PropertySchema schema,
      PrintWriter out,
      int every) {
    this.consumer = KafkaClients.follower(bootstrapServers, List.of(topic), true);
    this.cameras = cameras;
    this.schema = schema;
    this.out = out;
    this.every = every;
    this.thread = new Thread(this::run, "live-scores");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          score(WireSerdes.prediction().read(r.value()));
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  private synchronized void score(Prediction p) {
    Sentence truth = cameras.truth(p.streamId(), p.firstFrame());
    if (truth == null) {
      return;
    }
    if (!seen.add(p.streamId() + "@" + p.firstFrame())) {
      duplicates++;
      return;
    }
    if (excluded.contains(cameras.content(p.streamId(), p.firstFrame()))) {
      return; // a clip people labelled: scoring it would show what the model was taught
    }
    Scoreboard board = byVersion.computeIfAbsent(p.modelVersion(), v -> new Scoreboard(schema));
    boolean[] right = board.record(truth, p);
    if (!truth.text().equals(p.sentence())) {
      wrong.computeIfAbsent(p.modelVersion(), v -> new ArrayList<>()).add(p);
    }
    if (++printed % every == 0) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %-8s %s %s %-34s | %s so far: %s (%d clips)",
              p.streamId(),
              shortVersion(p.modelVersion()),
              Scoreboard.marks(right),
              p.sentence(),
              shortVersion(p.modelVersion()),
              board.running(),
              board.total()));
      out.flush();
    }
  }

  /** The predictions of {@code version} that were wrong, in the order they came. */
  synchronized List<Prediction> wrong(String version) {
    return List.copyOf(wrong.getOrDefault(version, List.of()));
  }

  /** Stops scoring the clips of these contents ({@link Cameras#content}) from now on. */
  synchronized void exclude(Set<Integer> contents) {
    excluded.addAll(contents);
  }

  /** Predictions scored so far with {@code version}. */
  synchronized int scored(String version) {
    Scoreboard b = byVersion.get(version);
    return b == null ? 0 : b.total();
  }

  /** The scoreboards by version, in the order versions first appeared. */
  synchronized Map<String, Scoreboard> byVersion() {
    return new LinkedHashMap<>(byVersion);
  }

  /**
   * Clips without a prediction although a later clip of the same camera has one (each camera's
   * clips are predicted in order: a gap is a lost prediction).
   */
  synchronized int missing() {
    Map<String, Long> last = new HashMap<>();
    for (String clip : seen) {
      int at = clip.lastIndexOf('@');
      last.merge(clip.substring(0, at), Long.parseLong(clip.substring(at + 1)), Math::max);
    }
    int missing = 0;
    for (Map.Entry<String, Long> e : last.entrySet()) {
      for (long first = 0; first < e.getValue(); first += cameras.frames()) {
        missing += seen.contains(e.getKey() + "@" + first) ? 0 : 1;
      }
    }
    return missing;
  }

  /** Clips predicted more than once. */
  synchronized int duplicates() {
    return duplicates;
  }

  /**
   * Waits until {@code n} predictions of {@code version} were scored.
   *
   * @throws IllegalStateException if they do not come in time, scoring failed, or {@code cameras}
   *     (the frame producer) ended with an error
   */
  void await(String version, int n, Duration timeout, Future<?> cameras)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (scored(version) < n) {
      if (failure != null) {
        throw new IllegalStateException("scoring predictions failed: " + failure, failure);
      }
      if (cameras.isDone()) {
        try {
          cameras.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("the cameras stopped: " + e.getCause(), e.getCause());
        }
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            "only " + scored(version) + " predictions of " + version + " after " + timeout);
      }
      Thread.sleep(50);
    }
  }

  static String shortVersion(String version) {
    return version.length() <= 12 ? version : version.substring(0, 12);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.join(5_000);
  }
}
