package io.actionstream.cli.bench;

/**
 * Spinning threads that keep cores busy with register-only arithmetic (no allocation, almost no
 * memory traffic) until closed. The raw benchmark runs windows beside them to time the model when
 * it does not have the machine to itself, as end to end, where the broker, the clients and the JIT
 * run on the other cores.
 */
final class CoreLoad implements AutoCloseable {
  private final Thread[] spinners;
  private volatile boolean running = true;

  /** Starts {@code threads} spinning daemon threads (0: none). */
  CoreLoad(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    spinners = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      spinners[i] = new Thread(this::spin, "bench-core-load-" + (i + 1));
      spinners[i].setDaemon(true);
      spinners[i].start();
    }
  }

  /** Spinners for every core but one: the model's. */
  static CoreLoad besideOneThread() {
    return new CoreLoad(Math.max(0, Runtime.getRuntime().availableProcessors() - 1));
  }

  private void spin() {
    long x = Thread.currentThread().getId();
    while (running) {
      for (int i = 0; i < 100_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    if (x == 42) { // keeps the loop from being optimised away
      System.out.print("");
    }
  }

  /** Stops the spinners and waits for them. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : spinners) {
      t.join();
    }
  }
}
