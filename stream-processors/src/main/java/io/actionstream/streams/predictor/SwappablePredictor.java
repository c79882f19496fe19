package io.actionstream.streams.predictor;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Predictor} whose model can be replaced while the topology runs, without stopping it and
 * without failing a call: the building block of hot swap.
 *
 * <ul>
 *   <li>Each {@link #predict} call runs wholly on the model that was current when it started, so
 *       its {@link PredictorResult#modelVersion()} names the version that computed every clip of
 *       it; calls that start after {@link #swap} returns use the new model.
 *   <li>The replaced model is closed when its last in-flight call has returned (reference counted),
 *       never under a running call.
 *   <li>A model with another schema or clip shape is refused ({@link Predictor}'s contract: both
 *       stay fixed for the life of the topology) and the current one keeps serving.
 * </ul>
 *
 * @param <P> the predictor type, closed when it is replaced or this is closed
 */
public final class SwappablePredictor<P extends Predictor & AutoCloseable>
    implements Predictor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SwappablePredictor.class);

  private final PropertySchema schema;
  private final ModelInput input;
  private final AtomicReference<Lease<P>> current;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Serves {@code first} until the first {@link #swap}. */
  public SwappablePredictor(P first) {
    this.schema = first.schema();
    this.input = first.input();
    this.current = new AtomicReference<>(new Lease<>(first));
  }

  @Override
  public PropertySchema schema() {
    return schema;
  }

  @Override
  public ModelInput input() {
    return input;
  }

  @Override
  public String modelVersion() {
    return current.get().predictor.modelVersion();
  }

  /** The predictor serving now (for its own details: execution provider, manifest). */
  public P current() {
    return current.get().predictor;
  }

  @Override
  public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
    while (true) {
      Lease<P> lease = current.get();
      if (lease.acquire()) {
        try {
          return lease.predictor.predict(clips, masks);
        } finally {
          lease.release();
        }
      }
      if (closed.get()) {
        throw new IllegalStateException("the predictor is closed");
      }
      // lost a race with a swap that retired this lease: the new one is current now
    }
  }

  /**
   * Makes {@code next} the serving model; the previous one is closed once its in-flight calls have
   * returned.
   *
   * @return the version that was serving before
   * @throws ModelPackageException {@code SCHEMA_MISMATCH} or {@code SHAPE_MISMATCH} if {@code next}
   *     has another schema or clip shape; {@code next} is then left open for the caller to close
   * @throws IllegalStateException if this predictor is closed
   */
  public String swap(P next) {
    Objects.requireNonNull(next, "next");
    if (!next.schema().equals(schema)) {
      throw new ModelPackageException(
          ModelPackageException.Reason.SCHEMA_MISMATCH,
          "model "
              + next.modelVersion()
              + " has schema "
              + next.schema().fingerprint()
              + ", the running topology serves "
              + schema.fingerprint());
    }
    if (!next.input().equals(input)) {
      throw new ModelPackageException(
          ModelPackageException.Reason.SHAPE_MISMATCH,
          "model " + next.modelVersion() + " takes " + next.input() + ", the topology " + input);
    }
    if (closed.get()) {
      throw new IllegalStateException("the predictor is closed");
    }
    Lease<P> old = current.getAndSet(new Lease<>(next));
    String previous = old.predictor.modelVersion();
    old.release(); // drops the "current" hold; closes it now or after its last call
    return previous;
  }

  /** Closes the serving model once its in-flight calls have returned; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      current.get().release();
    }
  }

  /**
   * A model with a count of its holders: 1 for being current plus one per running call. At 0 it is
   * closed and can no longer be acquired.
   */
  private static final class Lease<P extends Predictor & AutoCloseable> {
    final P predictor;
    private final AtomicInteger holders = new AtomicInteger(1);

    Lease(P predictor) {
      this.predictor = predictor;
    }

    boolean acquire() {
      while (true) {
        int n = holders.get();
        if (n == 0) {
          return false;
        }
        if (holders.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    void release() {
      if (holders.decrementAndGet() == 0) {
        try {
          predictor.close();
        } catch (Exception e) {
          // never fail the call that happened to be the last one on the old model
          LOG.warn("closing model {} failed", predictor.modelVersion(), e);
        }
      }
    }
  }
}
