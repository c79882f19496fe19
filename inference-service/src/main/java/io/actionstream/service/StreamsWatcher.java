package io.actionstream.service;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one Kafka Streams client: logs its state transitions, applies the service's
 * uncaught-exception policy and says whether the client is alive, running, failed or finished.
 *
 * <p><b>Policy: {@code SHUTDOWN_CLIENT}.</b> An exception that escapes a stream thread is not a bad
 * record (those are dead-lettered by the topology) but a broken store, broker or bug. Replacing the
 * thread would retry the same task, which under exactly-once can replay the same failing
 * transaction forever while readiness still says yes. So the client shuts down: it goes to {@code
 * ERROR}, {@code /health/live} and {@code /health/ready} answer 503, and {@code serve} exits
 * non-zero, so that the orchestrator restarts the process with a fresh client.
 */
final class StreamsWatcher implements KafkaStreams.StateListener, StreamsUncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsWatcher.class);

  /** States from which the client never runs again. */
  static final Set<State> DEAD =
      EnumSet.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING);

  private volatile State state = State.CREATED;
  private volatile boolean closing;
  private volatile boolean failed;
  private volatile Throwable failure;
  private final CountDownLatch finished = new CountDownLatch(1);

  @Override
  public void onChange(State newState, State oldState) {
    state = newState;
    if (newState == State.ERROR || newState == State.PENDING_ERROR) {
      failed = true;
      LOG.error("Kafka Streams state {} -> {}", oldState, newState);
    } else if (DEAD.contains(newState) && !closing) {
      failed = true;
      LOG.error("Kafka Streams state {} -> {} without a close of the service", oldState, newState);
    } else {
      LOG.info("Kafka Streams state {} -> {}", oldState, newState);
    }
    if (newState == State.ERROR || newState == State.NOT_RUNNING) {
      finished.countDown();
    }
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    failure = exception;
    failed = true;
    LOG.error(
        "a stream thread failed; shutting this Kafka Streams client down (SHUTDOWN_CLIENT)",
        exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** Called before the service closes the client: its end is not a failure. */
  void closing() {
    closing = true;
  }

  /** The last state reported. */
  State state() {
    return state;
  }

  /**
   * Whether the client is in none of the {@link #DEAD} states; a close in progress shows as {@code
   * PENDING_SHUTDOWN}.
   */
  boolean alive() {
    return !DEAD.contains(state);
  }

  /** Whether the client failed (an uncaught exception, or it stopped without a close). */
  boolean failed() {
    return failed;
  }

  /** The exception that shut the client down, if any. */
  Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Blocks until the client is in {@code ERROR} or {@code NOT_RUNNING}. */
  void awaitFinished() throws InterruptedException {
    finished.await();
  }
}
