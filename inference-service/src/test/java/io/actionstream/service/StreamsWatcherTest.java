package io.actionstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The uncaught-exception policy and what the health checks and {@code serve} read from it. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StreamsWatcherTest {
  @Test
  void shouldShutDownTheClientOnAnUncaughtExceptionAndReportTheFailure() throws Exception {
    StreamsWatcher w = new StreamsWatcher();
    w.onChange(State.REBALANCING, State.CREATED);
    w.onChange(State.RUNNING, State.REBALANCING);
    assertTrue(w.alive());
    IllegalStateException boom = new IllegalStateException("store broken");
    assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, w.handle(boom));
    w.onChange(State.PENDING_ERROR, State.RUNNING);
    assertFalse(w.alive(), "liveness goes down at once");
    w.onChange(State.ERROR, State.PENDING_ERROR);
    w.awaitFinished(); // serve wakes up
    assertTrue(w.failed());
    assertEquals(boom, w.failure().orElseThrow());
  }

  @Test
  void shouldNotCallAClosedClientAFailure() throws Exception {
    StreamsWatcher w = new StreamsWatcher();
    w.onChange(State.RUNNING, State.REBALANCING);
    w.closing();
    w.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
    w.onChange(State.NOT_RUNNING, State.PENDING_SHUTDOWN);
    w.awaitFinished();
    assertFalse(w.failed());
    assertFalse(w.alive());
  }

  @Test
  void shouldCallAClientThatStopsByItselfAFailure() {
    StreamsWatcher w = new StreamsWatcher();
    w.onChange(State.RUNNING, State.REBALANCING);
    w.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
    assertTrue(w.failed());
    assertTrue(w.failure().isEmpty());
  }
}
