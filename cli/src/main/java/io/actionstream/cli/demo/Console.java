package io.actionstream.cli.demo;

import java.io.PrintWriter;
import java.util.Locale;

/** How the demo prints: steps as {@code == title} after a blank line, lines flushed at once. */
public final class Console {
  private Console() {}

  /** Prints a step heading, {@code == text}, after a blank line. */
  public static void step(PrintWriter out, String text) {
    out.println();
    out.println("== " + text);
    out.flush();
  }

  /** Prints one formatted line (root locale). */
  public static void say(PrintWriter out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }
}
