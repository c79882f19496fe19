package io.actionstream.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratorConfigTest {

  @Test
  void shouldUseDocumentedDefaults() {
    GeneratorConfig c = GeneratorConfig.defaults();
    assertEquals(16, c.frames());
    assertEquals(64, c.height());
    assertEquals(64, c.width());
    assertEquals(0, c.maxDistractors());
    assertEquals(4.0, c.noiseStddev());
    assertTrue(c.backgroundVariation());
    assertEquals(42L, c.seed());
    assertEquals(16L * 64 * 64 * 3, c.clipBytes());
  }

  @Test
  void shouldRoundTripThroughToBuilder() {
    GeneratorConfig c =
        GeneratorConfig.builder()
            .frames(8)
            .size(32, 48)
            .maxDistractors(3)
            .noiseStddev(0)
            .backgroundVariation(false)
            .seed(7)
            .build();
    assertEquals(c, c.toBuilder().build());
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("frames", "2..256", b -> b.frames(1)),
        bad("frames", "2..256", b -> b.frames(257)),
        bad("height", "16..512", b -> b.height(15)),
        bad("width", "16..512", b -> b.width(513)),
        bad("maxDistractors", "0..8", b -> b.maxDistractors(-1)),
        bad("maxDistractors", "0..8", b -> b.maxDistractors(9)),
        bad("noiseStddev", "0.0..64.0", b -> b.noiseStddev(-0.5)),
        bad("noiseStddev", "0.0..64.0", b -> b.noiseStddev(Double.NaN)));
  }

  private static Arguments bad(
      String field, String range, UnaryOperator<GeneratorConfig.Builder> change) {
    return Arguments.of(field, range, change);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badValues")
  void shouldRejectOutOfRangeValueNamingFieldAndRange(
      String field, String range, UnaryOperator<GeneratorConfig.Builder> change) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> change.apply(GeneratorConfig.builder()).build());
    assertTrue(e.getMessage().startsWith(field + " must be in " + range), e.getMessage());
  }
}
