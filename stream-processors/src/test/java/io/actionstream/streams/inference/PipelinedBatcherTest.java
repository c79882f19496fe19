package io.actionstream.streams.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.deadletter.RecordOrigin;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.predictor.ForwardingPredictor;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import io.actionstream.streams.topology.ActionStreamTopology;
import io.actionstream.streams.topology.TestFrames;
import io.actionstream.streams.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ClipBatcher} with pipelining: batches run on the inference thread while the caller goes
 * on, results are written by the caller in batch order, at most {@code maxInFlight} batches are
 * out, and dropped tasks' results are never written.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipelinedBatcherTest {
  private static final int T = 4;
  private static final TaskId TASK_A = new TaskId(0, 0);
  private static final TaskId TASK_B = new TaskId(0, 1);

  private final GatedPredictor predictor = new GatedPredictor();
  private final Topics topics = Topics.of(StreamProcessorsConfig.defaults());
  private final List<String> out = new ArrayList<>();
  private final ListOutput output = new ListOutput(out);
  private ClipBatcher batcher;

  /** An output listing "prediction stream@firstFrame" and "dead stream@offset". */
  static final class ListOutput implements InferenceOutput {
    private final List<String> events;

    ListOutput(List<String> events) {
      this.events = events;
    }

    @Override
    public void prediction(String streamId, Prediction prediction, long timestamp) {
      events.add("prediction " + streamId + "@" + prediction.firstFrame());
    }

    @Override
    public void deadLetter(Record<byte[], byte[]> original, DeadLetterInfo info) {
      events.add("dead " + info.error() + "@" + info.sourceOffset());
    }

    @Override
    public long nowMs() {
      return System.currentTimeMillis();
    }
  }

  /** The fake predictor behind a gate: each call waits until the test opens it. */
  private static final class GatedPredictor extends ForwardingPredictor {
    final CountDownLatch gate = new CountDownLatch(1);
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());

    final FakePredictor fake;

    GatedPredictor() {
      this(new FakePredictor(T, TestFrames.SIZE, TestFrames.SIZE));
    }

    private GatedPredictor(FakePredictor fake) {
      super(fake);
      this.fake = fake;
    }

    @Override
    public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
      threads.add(Thread.currentThread().getName());
      try {
        assertTrue(gate.await(20, TimeUnit.SECONDS), "gate never opened");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return super.predict(clips, masks);
    }
  }

  private ClipBatcher batcher(int maxBatch, int maxInFlight) {
    batcher =
        new ClipBatcher(
            maxBatch,
            Duration.ofMinutes(1),
            maxInFlight,
            new BatchInference(predictor),
            ActionStreamTopology.inferenceSinks(topics, TopologyListener.NONE),
            TopologyListener.NONE);
    return batcher;
  }

  @AfterEach
  void closeBatcher() {
    predictor.gate.countDown();
    if (batcher != null) {
      batcher.close();
    }
  }

  private static PendingClip pending(TaskId task, String stream, long first) {
    return pending(task, stream, TestFrames.clip(first, T, TestFrames.SIZE), first);
  }

  private static PendingClip pending(TaskId task, String stream, Clip clip, long offset) {
    byte[] value = WireSerdes.clip().serializer().serialize("", clip);
    return new PendingClip(
        task,
        stream,
        clip,
        new Record<>(new byte[0], value, 1000L + offset, new RecordHeaders()),
        new RecordOrigin("clips", 0, offset),
        System.currentTimeMillis());
  }

  private static void awaitCalls(GatedPredictor p, int calls) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (p.threads.size() < calls) {
      assertTrue(System.nanoTime() < deadline, "predictor not called " + calls + " times");
      Thread.sleep(5);
    }
  }

  @Test
  void shouldReturnWhileTheModelRunsAndWriteTheResultsLaterInOrder() throws Exception {
    ClipBatcher b = batcher(2, 1);
    b.add(pending(TASK_A, "cam-1", 0));
    b.add(pending(TASK_A, "cam-2", 0));
    b.runTo(output); // returns although the predictor is blocked
    awaitCalls(predictor, 1);
    assertEquals(
        List.of(Thread.currentThread().getName() + "-inference"),
        predictor.threads,
        "runs on the batcher's inference thread");
    b.emitCompleted(output);
    assertEquals(List.of(), out, "nothing is written before the batch finishes");
    assertEquals(2, b.size());

    predictor.gate.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (out.isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "results never written");
      Thread.sleep(5);
      b.emitCompleted(output);
    }
    assertEquals(List.of("prediction cam-1@0", "prediction cam-2@0"), out);
    assertEquals(0, b.size());
  }

  @Test
  void shouldWaitForTheOldestBatchWhenMaxInFlightBatchesAreOut() throws Exception {
    ClipBatcher b = batcher(1, 1);
    b.add(pending(TASK_A, "cam-1", 0));
    b.runTo(output);
    awaitCalls(predictor, 1);
    b.add(pending(TASK_A, "cam-1", 2));
    Thread second = new Thread(() -> b.runTo(output), "second-batch");
    second.start();
    second.join(300);
    assertTrue(second.isAlive(), "the second batch waits while one batch is in flight");
    assertEquals(List.of(), out);

    predictor.gate.countDown();
    second.join(10_000);
    assertFalse(second.isAlive());
    assertEquals(List.of("prediction cam-1@0"), out, "the first batch written on the way");
    b.finishTo(output);
    assertEquals(List.of("prediction cam-1@0", "prediction cam-1@2"), out);
  }

  @Test
  void shouldNotWriteTheResultsOfADiscardedTaskThatAreInFlight() {
    ClipBatcher b = batcher(3, 2);
    b.add(pending(TASK_A, "cam-1", 0));
    b.add(pending(TASK_B, "cam-2", 0));
    b.add(pending(TASK_A, "cam-1", 2));
    b.runTo(output);
    b.add(pending(TASK_A, "cam-1", 4)); // pending
    b.add(pending(TASK_B, "cam-2", 2)); // pending

    assertEquals(3, b.discard(TASK_A), "two in flight, one pending");
    predictor.gate.countDown();
    b.finishTo(output);
    assertEquals(List.of("prediction cam-2@0", "prediction cam-2@2"), out);
  }

  @Test
  void shouldDeadLetterAFailingClipOfABatchInFlightAndPredictTheOthers() {
    predictor.gate.countDown();
    ClipBatcher b = batcher(3, 1);
    Clip bad = TestFrames.clip(2, T, TestFrames.SIZE);
    bad.pixels()[0] = (byte) FakePredictor.FAIL_RED;
    b.add(pending(TASK_A, "cam-1", 0));
    b.add(pending(TASK_A, "cam-1", bad, 7));
    b.add(pending(TASK_A, "cam-1", 4));
    b.runTo(output);
    b.finishTo(output);
    assertEquals(
        List.of("prediction cam-1@0", "dead PROCESSING_ERROR@7", "prediction cam-1@4"), out);
  }

  @Test
  void shouldFailEveryLaterCallOnceABatchsResultsAreLost() {
    predictor.gate.countDown();
    ClipBatcher b =
        new ClipBatcher(
            1,
            Duration.ofMinutes(1),
            1,
            new BatchInference(new FailingPredictor(predictor)),
            ActionStreamTopology.inferenceSinks(topics, TopologyListener.NONE),
            TopologyListener.NONE);
    batcher = b;
    b.add(pending(TASK_A, "cam-1", 0));
    b.runTo(output);
    assertThrows(StreamsException.class, () -> b.finishTo(output));
    assertThrows(StreamsException.class, () -> b.finishTo(output), "no commit may pass later");
    assertThrows(StreamsException.class, () -> b.emitCompleted(output));
    b.discardAll(); // an aborted transaction processes the lost batch's input again
    b.finishTo(output);
    assertEquals(List.of(), out);
  }

  @Test
  void shouldWaitForARunningCallWhenClosed() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    boolean[] finished = new boolean[1];
    Predictor slow =
        new FailingPredictor(predictor) {
          @Override
          public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
            running.countDown();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < end) {
              Thread.onSpinWait(); // like a native call: deaf to interrupts
            }
            finished[0] = true;
            return predictor.fake.predict(clips, masks);
          }
        };
    ClipBatcher b =
        new ClipBatcher(
            1,
            Duration.ofMinutes(1),
            1,
            new BatchInference(slow),
            ActionStreamTopology.inferenceSinks(topics, TopologyListener.NONE),
            TopologyListener.NONE);
    b.add(pending(TASK_A, "cam-1", 0));
    b.runTo(output);
    assertTrue(running.await(10, TimeUnit.SECONDS));
    b.close();
    assertTrue(finished[0], "close returned while the predictor was still running");
  }

  /** Delegates schema and input; every call fails the way a stream-level failure would. */
  private static class FailingPredictor extends ForwardingPredictor {
    FailingPredictor(GatedPredictor delegate) {
      super(delegate);
    }

    @Override
    public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
      throw new StreamsException("state store failed");
    }
  }

  @Test
  void shouldRunOnTheCallingThreadWithoutPipelining() {
    predictor.gate.countDown();
    ClipBatcher b = batcher(1, 0);
    b.add(pending(TASK_A, "cam-1", 0));
    b.runTo(output);
    assertEquals(List.of("prediction cam-1@0"), out, "written before runTo returns");
    assertEquals(List.of(Thread.currentThread().getName()), predictor.threads);
  }
}
