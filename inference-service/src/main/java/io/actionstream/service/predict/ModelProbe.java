package io.actionstream.service.predict;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.streams.predictor.ModelInput;
import io.actionstream.streams.predictor.SlotScores;
import java.util.Collections;
import java.util.List;

/**
 * Runs a freshly opened model before it may serve: a probe clip (mid-grey, all slots asked) must
 * give one finite probability in [0, 1] per slot; then a few calls warm the session up, so the
 * first real batch after a swap does not pay for ONNX Runtime's lazy initialisation.
 */
public final class ModelProbe {
  private static final int WARM_UP_CALLS = 3;

  private ModelProbe() {}

  /**
   * Probes and warms {@code model}.
   *
   * @throws IllegalStateException naming the slot and value if the probe's output is not sane, or
   *     the model fails the call
   */
  public static void requireSane(OnnxRuntimePredictor model) {
    ModelInput in = model.input();
    byte[] grey = new byte[in.frames() * in.height() * in.width() * 3];
    java.util.Arrays.fill(grey, (byte) 128);
    Clip probe = Clip.of(in.frames(), in.height(), in.width(), grey);
    SlotMask all = model.schema().allSlots();
    for (int call = 0; call <= WARM_UP_CALLS; call++) {
      List<SlotScores> scores =
          model.predict(Collections.nCopies(1, probe), List.of(all)).requireOnePerClip(1).scores();
      double[] p = scores.get(0).probabilities();
      for (int k = 0; k < p.length; k++) {
        if (!(p[k] >= 0 && p[k] <= 1)) {
          throw new IllegalStateException(
              "probe: model "
                  + model.modelVersion()
                  + " gives slot '"
                  + model.schema().slot(k).name()
                  + "' the probability "
                  + p[k]
                  + " for a grey clip; a probability must be finite and in [0, 1]");
        }
      }
    }
  }
}
