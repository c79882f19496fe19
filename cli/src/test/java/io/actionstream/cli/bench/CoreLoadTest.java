package io.actionstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreLoadTest {
  @Test
  void shouldSpinUntilClosedAndThenLeaveNoThreadBehind() throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Thread> spinners;
    try (CoreLoad load = new CoreLoad(2)) {
      spinners = spinners();
      assertEquals(2, spinners.size(), spinners.toString());
      // busy, not parked: each spinner gathers 100 ms of CPU (within 10 s, for loaded machines)
      long deadline = System.nanoTime() + 10_000_000_000L;
      for (Thread t : spinners) {
        while (mx.getThreadCpuTime(t.getId()) < 100_000_000L && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertTrue(mx.getThreadCpuTime(t.getId()) >= 100_000_000L, t.getName() + " is not busy");
      }
    }
    for (Thread t : spinners) {
      assertTrue(!t.isAlive(), t.getName() + " still runs after close");
    }
    assertEquals(List.of(), spinners());
  }

  @Test
  void shouldRefuseANegativeThreadCount() {
    assertThrows(IllegalArgumentException.class, () -> new CoreLoad(-1));
  }

  private static List<Thread> spinners() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("bench-core-load-") && t.isAlive())
        .toList();
  }
}
