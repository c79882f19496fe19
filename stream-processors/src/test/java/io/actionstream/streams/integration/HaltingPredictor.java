package io.actionstream.streams.integration;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.streams.inference.FakePredictor;
import io.actionstream.streams.predictor.ForwardingPredictor;
import io.actionstream.streams.predictor.PredictorResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST DOUBLE for crash tests: a {@link FakePredictor} that kills its JVM ({@code Runtime.halt}, no
 * shutdown hooks, no commit, no close) in its {@code haltOn}-th call, after writing {@code marker}
 * (call number, clips, calling thread) and sleeping {@code delayBeforeHaltMs}. The process thus
 * dies with a batch gathered and its clips' offsets not yet committed; with a delay longer than the
 * commit interval, commits fall due while the call runs (on an inference thread they must wait for
 * it).
 */
final class HaltingPredictor extends ForwardingPredictor {
  /** Exit status of the halted JVM. */
  static final int HALT_STATUS = 99;

  private final int haltOn;
  private final long delayBeforeHaltMs;
  private final Path marker;
  private final AtomicInteger calls = new AtomicInteger();

  HaltingPredictor(FakePredictor fake, int haltOn, long delayBeforeHaltMs, Path marker) {
    super(fake);
    this.haltOn = haltOn;
    this.delayBeforeHaltMs = delayBeforeHaltMs;
    this.marker = marker;
  }

  @Override
  public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
    int call = calls.incrementAndGet();
    System.err.printf(
        "predictor call %d: %d clips on %s at %d%n",
        call, clips.size(), Thread.currentThread().getName(), System.currentTimeMillis());
    if (call == haltOn) {
      try {
        Files.writeString(
            marker,
            "halted on call "
                + haltOn
                + " with "
                + clips.size()
                + " clips on "
                + Thread.currentThread().getName());
        Thread.sleep(delayBeforeHaltMs);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(HALT_STATUS);
    }
    return super.predict(clips, masks);
  }
}
