package io.actionstream.streams.predictor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Slot;
import io.actionstream.core.schema.SlotMask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SwappablePredictorTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static final Clip CLIP = Clip.of(2, 2, 2, new byte[2 * 2 * 2 * 3]);
  private static final List<Clip> ONE = List.of(CLIP);
  private static final List<SlotMask> ALL = List.of(SCHEMA.allSlots());

  /** A model that names its version, counts closes and fails any call after its close. */
  private static final class Model implements Predictor, AutoCloseable {
    final String version;
    final PropertySchema schema;
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger callsAfterClose = new AtomicInteger();
    volatile CountDownLatch entered;
    volatile CountDownLatch proceed;

    Model(String version) {
      this(version, SCHEMA);
    }

    Model(String version, PropertySchema schema) {
      this.version = version;
      this.schema = schema;
    }

    @Override
    public PropertySchema schema() {
      return schema;
    }

    @Override
    public ModelInput input() {
      return new ModelInput(2, 2, 2);
    }

    @Override
    public String modelVersion() {
      return version;
    }

    @Override
    public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
      if (closes.get() > 0) {
        callsAfterClose.incrementAndGet();
        throw new IllegalStateException(version + " called after close");
      }
      if (entered != null) {
        entered.countDown();
        try {
          proceed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      int[] words = new int[schema.slotCount()];
      double[] p = new double[schema.slotCount()];
      return new PredictorResult(
          version, Collections.nCopies(clips.size(), new SlotScores(words, p)));
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void shouldServeTheNewVersionAfterASwapAndCloseTheOldOne() {
    Model v1 = new Model("v1");
    Model v2 = new Model("v2");
    try (SwappablePredictor<Model> p = new SwappablePredictor<>(v1)) {
      assertEquals("v1", p.predict(ONE, ALL).modelVersion());
      assertEquals("v1", p.swap(v2));
      assertEquals("v2", p.predict(ONE, ALL).modelVersion());
      assertEquals("v2", p.modelVersion());
      assertEquals(1, v1.closes.get());
      assertEquals(0, v2.closes.get());
    }
    assertEquals(1, v2.closes.get());
  }

  @Test
  void aCallInFlightShouldFinishOnTheOldModelWhichClosesOnlyAfterIt() throws Exception {
    Model v1 = new Model("v1");
    v1.entered = new CountDownLatch(1);
    v1.proceed = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (SwappablePredictor<Model> p = new SwappablePredictor<>(v1)) {
      Future<PredictorResult> inFlight = pool.submit(() -> p.predict(ONE, ALL));
      assertTrue(v1.entered.await(10, TimeUnit.SECONDS));
      p.swap(new Model("v2"));
      assertEquals("v2", p.predict(ONE, ALL).modelVersion());
      assertEquals(0, v1.closes.get(), "closed under a running call");
      v1.proceed.countDown();
      assertEquals("v1", inFlight.get(10, TimeUnit.SECONDS).modelVersion());
      assertEquals(1, v1.closes.get(), "closed after its last call");
      assertEquals(0, v1.callsAfterClose.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldRefuseAModelWithAnotherSchemaAndKeepServing() {
    List<Slot> slots = new ArrayList<>(SCHEMA.slots());
    slots.remove(slots.size() - 1);
    Model other = new Model("v2", new PropertySchema(slots));
    Model v1 = new Model("v1");
    try (SwappablePredictor<Model> p = new SwappablePredictor<>(v1)) {
      ModelPackageException e = assertThrows(ModelPackageException.class, () -> p.swap(other));
      assertEquals(ModelPackageException.Reason.SCHEMA_MISMATCH, e.reason());
      assertTrue(e.getMessage().contains("model v2 has schema"), e.getMessage());
      assertEquals("v1", p.predict(ONE, ALL).modelVersion());
      assertEquals(0, v1.closes.get());
      assertEquals(0, other.closes.get(), "a refused model is the caller's to close");
    }
  }

  @Test
  void closeShouldBeIdempotentAndRefuseLaterUse() {
    Model v1 = new Model("v1");
    SwappablePredictor<Model> p = new SwappablePredictor<>(v1);
    p.close();
    p.close();
    assertEquals(1, v1.closes.get());
    assertThrows(IllegalStateException.class, () -> p.predict(ONE, ALL));
    assertThrows(IllegalStateException.class, () -> p.swap(new Model("v2")));
  }

  @Test
  void concurrentCallsAcrossManySwapsShouldNeverReachAClosedModel() throws Exception {
    int swaps = 200;
    List<Model> models = new ArrayList<>();
    for (int i = 0; i <= swaps; i++) {
      models.add(new Model("v" + i));
    }
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger calls = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (SwappablePredictor<Model> p = new SwappablePredictor<>(models.get(0))) {
      List<Future<?>> callers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        callers.add(
            pool.submit(
                () -> {
                  while (!stop.get()) {
                    seen.add(p.predict(ONE, ALL).modelVersion());
                    calls.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (int i = 1; i <= swaps; i++) {
        int before = calls.get();
        while (calls.get() == before) { // at least one call between two swaps
          Thread.onSpinWait();
        }
        p.swap(models.get(i));
      }
      stop.set(true);
      for (Future<?> f : callers) {
        f.get(10, TimeUnit.SECONDS); // a call that reached a closed model would throw here
      }
      assertTrue(calls.get() > 0);
      assertTrue(seen.size() > 1, "calls must have spanned swaps: " + seen);
      assertEquals("v" + swaps, p.predict(ONE, ALL).modelVersion());
      for (int i = 0; i < swaps; i++) {
        assertEquals(1, models.get(i).closes.get(), "v" + i + " closed once");
        assertEquals(0, models.get(i).callsAfterClose.get(), "v" + i + " called after close");
      }
      assertFalse(models.get(swaps).closes.get() > 0, "the serving model stays open");
    } finally {
      pool.shutdownNow();
    }
  }
}
