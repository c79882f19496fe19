package io.actionstream.streams.inference;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.streams.predictor.ModelInput;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import io.actionstream.streams.predictor.SlotScores;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST DOUBLE, not a model: a deterministic {@link Predictor} whose words come from pixel
 * statistics, so tests can say which sentence a clip must get. For slot {@code k} the word index is
 * {@code (mean of channel k % 3 over the clip's first frame) % words of slot k}; the probability is
 * {@code 0.5 + 0.1 * k}. A clip whose first pixel's red value is {@link #FAIL_RED} makes the call
 * throw, to exercise processing failures. Thread-safe; records every call.
 */
public final class FakePredictor implements Predictor {
  /** Red value of the first pixel that makes {@link #predict} fail. */
  public static final int FAIL_RED = 251;

  private final PropertySchema schema = PropertySchema.defaultSchema();
  private final ModelInput input;
  private final List<List<SlotMask>> calls = new CopyOnWriteArrayList<>();

  /** A fake accepting clips of {@code frames}×{@code height}×{@code width}. */
  public FakePredictor(int frames, int height, int width) {
    this(new ModelInput(frames, height, width));
  }

  /** A fake accepting clips of {@code input}, declaring its resize policy. */
  public FakePredictor(ModelInput input) {
    this.input = input;
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
    return "fake-1";
  }

  /** The masks of every call so far, one list per call. */
  public List<List<SlotMask>> calls() {
    return calls;
  }

  @Override
  public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
    calls.add(List.copyOf(masks));
    List<SlotScores> scores = new ArrayList<>();
    for (Clip clip : clips) {
      if ((clip.pixels()[0] & 0xFF) == FAIL_RED) {
        throw new IllegalStateException("fake predictor told to fail");
      }
      scores.add(expected(clip));
    }
    return new PredictorResult(modelVersion(), scores);
  }

  /** The scores this fake gives {@code clip}. */
  public SlotScores expected(Clip clip) {
    int k = schema.slotCount();
    int[] words = new int[k];
    double[] probabilities = new double[k];
    byte[] px = clip.pixels();
    int pixels = clip.height() * clip.width();
    for (int s = 0; s < k; s++) {
      long sum = 0;
      for (int p = 0; p < pixels; p++) {
        sum += px[p * 3 + s % 3] & 0xFF;
      }
      words[s] = (int) ((sum / pixels) % schema.slot(s).size());
      probabilities[s] = 0.5 + 0.1 * s;
    }
    return new SlotScores(words, probabilities);
  }
}
