package io.actionstream.trainer.engine;

import ai.djl.TrainingDivergedException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Locale;

/**
 * Stops training at the first NaN or infinite loss or gradient, before the optimizer applies it: a
 * diverged run never "continues" for epochs of NaN and never writes NaN weights. {@code EpochLoop}
 * adds the epoch and step to the message.
 */
public final class NonFinite {
  private NonFinite() {}

  /**
   * Checks a batch's loss and every trainable parameter's gradient of {@code block}.
   *
   * @throws TrainingDivergedException naming the loss or the first parameter that is not finite
   */
  public static void requireFiniteStep(float loss, Block block) {
    if (!Float.isFinite(loss)) {
      throw new TrainingDivergedException("the training loss is " + loss + advice());
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray array = p.getValue().getArray();
      if (array.hasGradient()) {
        float largest;
        try (NDManager scope = array.getManager().newSubManager()) {
          NDArray gradient = array.getGradient(); // a new handle on the parameter's manager
          gradient.attach(scope);
          largest = gradient.abs().max().getFloat();
        }
        if (!Float.isFinite(largest)) {
          throw new TrainingDivergedException(
              "the gradient of "
                  + p.getKey()
                  + " is not finite (max |g| = "
                  + largest
                  + ")"
                  + advice());
        }
      }
    }
  }

  /**
   * Returns {@code value} if it is finite.
   *
   * @param what what the value is, for the message (e.g. {@code "mean loss on val"})
   * @throws IllegalStateException if it is NaN or infinite
   */
  public static double requireFinite(double value, String what) {
    if (!Double.isFinite(value)) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%s is %s: the model or the engine computes non-finite numbers, so no figure is"
                  + " reported (a wrong engine is caught at start-up: docs/training.md,"
                  + " \"Engine check\")",
              what,
              value));
    }
    return value;
  }

  private static String advice() {
    return "; training stopped before applying it. Lower training.learning_rate, or check the"
        + " data (pixel normalisation) and the engine (docs/training.md, \"Engine check\")";
  }
}
