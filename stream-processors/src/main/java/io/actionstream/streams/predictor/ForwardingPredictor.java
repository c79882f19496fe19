package io.actionstream.streams.predictor;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Predictor} that passes every call to another one: the base of decorators (metrics,
 * timing, fault injection) that override {@link #predict} and keep the wrapped predictor's schema,
 * input and version. Thread-safe if the wrapped predictor is and the subclass adds no unsafe state.
 */
public abstract class ForwardingPredictor implements Predictor {
  private final Predictor delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingPredictor(Predictor delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The wrapped predictor. */
  protected final Predictor delegate() {
    return delegate;
  }

  @Override
  public PropertySchema schema() {
    return delegate.schema();
  }

  @Override
  public ModelInput input() {
    return delegate.input();
  }

  @Override
  public String modelVersion() {
    return delegate.modelVersion();
  }

  @Override
  public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
    return delegate.predict(clips, masks);
  }
}
