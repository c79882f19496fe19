package io.actionstream.core.util;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A terminal progress bar: {@code label [#####.....] 512/1000 51% 120.3 it/s eta 4s extra}. Redraws
 * in place on a console; when output is not a terminal (CI logs) it prints a line only every 10% so
 * logs stay short. Thread-compatible, not thread-safe: call from one thread.
 */
public final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;

  private final String label;
  private final long total;
  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long done;
  private long lastDrawNanos;
  private int lastDecile = -1;
  private String extra = "";

  /** A bar on {@code System.err}, interactive when a console is attached. */
  public ProgressBar(String label, long total) {
    this(label, total, System.err, System.console() != null, System::nanoTime);
  }

  /**
   * A bar with explicit output, mode and clock (for tests).
   *
   * @param total number of steps, at least 1
   */
  public ProgressBar(
      String label, long total, PrintStream out, boolean interactive, LongSupplier nanoClock) {
    if (total < 1) {
      throw new IllegalArgumentException("progress total must be at least 1, got " + total);
    }
    this.label = label;
    this.total = total;
    this.out = out;
    this.interactive = interactive;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  /** Sets free text shown after the rate, e.g. {@code "loss 0.42"}. */
  public ProgressBar extra(String text) {
    this.extra = text == null ? "" : text;
    return this;
  }

  /** Advances by {@code steps} and redraws if due. */
  public void step(long steps) {
    done = Math.min(total, done + steps);
    long now = nanoClock.getAsLong();
    int decile = (int) (done * 10 / total);
    if (interactive) {
      if (now - lastDrawNanos > 100_000_000L || done == total) {
        lastDrawNanos = now;
        out.print('\r' + render(now));
        out.flush();
      }
    } else if (decile != lastDecile) {
      lastDecile = decile;
      out.println(render(now));
    }
  }

  /** Steps done so far. */
  public long done() {
    return done;
  }

  /** Items per second since the bar was created. */
  public double rate() {
    double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
    return seconds <= 0 ? 0 : done / seconds;
  }

  String render(long now) {
    double seconds = (now - startNanos) / 1e9;
    double rate = seconds <= 0 ? 0 : done / seconds;
    int filled = (int) (WIDTH * done / total);
    long etaSeconds = rate <= 0 ? -1 : Math.round((total - done) / rate);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d %3d%% %.1f it/s eta %s%s",
        label,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done,
        total,
        done * 100 / total,
        rate,
        etaSeconds < 0 ? "?" : etaSeconds + "s",
        extra.isEmpty() ? "" : " " + extra);
  }

  /** Finishes the line. */
  @Override
  public void close() {
    if (interactive) {
      out.println();
    }
  }
}
