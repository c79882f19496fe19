package io.actionstream.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Usage errors of the commands, worded like picocli's own. */
final class Usage {
  private Usage() {}

  /** {@code Invalid value for option '--fps': message}, exit code 2 through {@code CliErrors}. */
  static ParameterException invalid(CommandSpec spec, String option, String message) {
    return new ParameterException(
        spec.commandLine(), "Invalid value for option '" + option + "': " + message);
  }

  /** Throws {@link #invalid} unless {@code min <= value <= max}. */
  static void requireRange(CommandSpec spec, String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw invalid(spec, option, "expected " + min + ".." + max + ", got " + value);
    }
  }
}
