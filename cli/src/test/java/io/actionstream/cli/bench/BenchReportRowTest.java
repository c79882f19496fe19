package io.actionstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportRowTest {
  @Test
  void shouldPairEachEndToEndWindowWithTheRawWindowBeforeIt() {
    // the machine slows down in the middle: medians taken apart compare a fast raw window with a
    // slow end-to-end one, pairs do not
    RawResult raw = raw(200, 100, 160);
    EndToEndResult e2e = endToEnd(180, 90, 150);

    BenchReport.Row row = BenchReport.Row.of(raw, e2e);

    assertEquals(150.0 / 160.0, row.ratio(), 1e-9);
    // pairs: 0.9, 0.9, 0.9375 -> median 0.9
    assertEquals(0.9, row.pairedRatio(), 1e-9);
  }

  @Test
  void shouldSplitTheGapIntoModelIdleTimeAndSlowerModelCalls() {
    RawResult raw = raw(100, 100, 100);
    // window i: 10 s, the model busy for busy[i] s computing 800 clips
    double[] busy = {8, 9, 10};
    List<PassResult> passes = new ArrayList<>();
    for (double b : busy) {
      passes.add(new PassResult(800, 12800, 800, 0, 0, null, 10, 80, 50, 90, b, 800));
    }
    EndToEndResult e2e = new EndToEndResult(1, 80, 50, 90, passes, null);

    BenchReport.Row row = BenchReport.Row.of(raw, e2e);

    assertEquals(0.9, row.modelBusy(), 1e-9); // busy shares 0.8, 0.9, 1.0
    // in the pipeline the model ran at 800/8, 800/9 and 800/10 clips/s, against 100 alone
    assertEquals(800.0 / 9 / 100, row.modelSpeed(), 1e-9);
    assertEquals(0.8, row.pairedRatio(), 1e-9);
  }

  @Test
  void shouldRefuseWindowsThatDoNotPair() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchReport.Row.of(raw(100, 110), endToEnd(90, 95, 99)));
    assertEquals("raw has 2 windows and end to end 3; pairs need as many of each", e.getMessage());
  }

  @Test
  void shouldRefuseLoadedWindowsThatDoNotPairWithTheRawOnes() {
    RawResult raw = new RawResult(1, 100, 7, 9, List.of(100.0, 110.0), List.of(90.0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BenchReport.Row.of(raw, endToEnd(90, 95)));
    assertEquals(
        "raw has 2 windows and 1 beside busy cores; pairs need as many of each", e.getMessage());
  }

  private static RawResult raw(double... windows) {
    List<Double> w = new ArrayList<>();
    for (double x : windows) {
      w.add(x);
    }
    return new RawResult(1, Stats.median(w), 7, 9, w, List.of());
  }

  private static EndToEndResult endToEnd(double... windows) {
    List<PassResult> passes = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    for (double x : windows) {
      passes.add(new PassResult(100, 1600, 100, 0, 0, null, 100 / x, x, 50, 90, 80 / x, 100));
      rates.add(x);
    }
    return new EndToEndResult(1, Stats.median(rates), 50, 90, passes, null);
  }
}
