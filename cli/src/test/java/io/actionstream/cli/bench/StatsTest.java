package io.actionstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void shouldTakeTheMiddleValueOrTheMeanOfTheTwoMiddleValues() {
    assertEquals(3.0, Stats.median(List.of(5.0, 1.0, 3.0)));
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
  }

  @Test
  void shouldUseTheNearestRankForPercentiles() {
    List<Double> hundred = new java.util.ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      hundred.add((double) i);
    }
    assertEquals(50.0, Stats.percentile(hundred, 50));
    assertEquals(99.0, Stats.percentile(hundred, 99));
    assertEquals(100.0, Stats.percentile(hundred, 100));
    assertEquals(7.0, Stats.percentile(List.of(7.0), 99));
  }

  @Test
  void shouldRefuseNoValuesAndBadPercentiles() {
    assertThrows(IllegalArgumentException.class, () -> Stats.median(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(List.of(1.0), 0));
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(List.of(1.0), 101));
  }
}
