package io.actionstream.core.dataset;

import java.util.Objects;

/**
 * One held-out combination of a compositional split: a word of the split's first slot and a word of
 * its second slot (for example {@code red} and {@code square} for a colour×shape split). Clips
 * whose sentence has both words go to {@link Partition#TEST_COMP}.
 *
 * @param first word of {@link SplitDefinition#slots()}{@code .get(0)}
 * @param second word of {@link SplitDefinition#slots()}{@code .get(1)}
 */
public record HeldOutPair(String first, String second) {
  public HeldOutPair {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
  }

  @Override
  public String toString() {
    return first + "+" + second;
  }
}
