package io.actionstream.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void shouldPrintOneLinePerDecileWhenNotInteractive() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong clock = new AtomicLong();
    try (ProgressBar bar =
        new ProgressBar(
            "gen", 100, new PrintStream(bytes, true, StandardCharsets.UTF_8), false, clock::get)) {
      for (int i = 0; i < 100; i++) {
        clock.addAndGet(10_000_000L); // 10 ms a step: 100 it/s
        bar.step(1);
      }
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(11, lines.length); // deciles 0..10
    assertTrue(
        lines[10].startsWith("gen [##############################] 100/100 100% 100.0 it/s"),
        lines[10]);
  }

  @Test
  void shouldRejectEmptyTotal() {
    assertThrows(IllegalArgumentException.class, () -> new ProgressBar("x", 0));
  }
}
