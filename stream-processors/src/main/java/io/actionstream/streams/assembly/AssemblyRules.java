package io.actionstream.streams.assembly;

/**
 * How frames become clips.
 *
 * @param frames T, frames per clip (at least 1)
 * @param stride S, frames between the first frames of consecutive clips (1..T)
 * @param outOfOrder how far a missing frame may lag behind the highest index seen and still be
 *     waited for (at least 0)
 * @param maxGap longest run of lost frames bridged by repeating the frame before it (at least 0)
 */
public record AssemblyRules(int frames, int stride, int outOfOrder, int maxGap) {
  /** Checks the values. */
  public AssemblyRules {
    if (frames < 1 || stride < 1 || stride > frames || outOfOrder < 0 || maxGap < 0) {
      throw new IllegalArgumentException(
          "expected T >= 1, 1 <= S <= T, tolerance >= 0, gap >= 0; got T="
              + frames
              + " S="
              + stride
              + " tolerance="
              + outOfOrder
              + " gap="
              + maxGap);
    }
  }
}
