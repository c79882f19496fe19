package io.actionstream.core.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The error handling every ActionStream command line shares: a usage error prints one line naming
 * the option and exits with {@link DataCli#EXIT_USAGE}; any other failure prints one line and exits
 * with {@link DataCli#EXIT_RUNTIME}; a trace option (e.g. {@code --debug}) adds the stack trace.
 */
public final class CliErrors {
  private CliErrors() {}

  /**
   * Installs the handlers on {@code cl} and returns it.
   *
   * @param traceOption the option that asks for stack traces, e.g. {@code --debug}
   */
  public static CommandLine install(CommandLine cl, String traceOption) {
    IParameterExceptionHandler usage =
        (ParameterException ex, String[] args) -> {
          CommandLine failed = ex.getCommandLine();
          String name = failed.getCommandSpec().qualifiedName();
          failed.getErr().printf("%s: %s (see '%s --help')%n", name, ex.getMessage(), name);
          if (requested(failed.getParseResult(), traceOption)) {
            ex.printStackTrace(failed.getErr());
          }
          failed.getErr().flush();
          return DataCli.EXIT_USAGE;
        };
    cl.setParameterExceptionHandler(usage);
    cl.setExecutionExceptionHandler(
        (Exception ex, CommandLine failed, ParseResult parseResult) -> {
          if (ex instanceof ParameterException bad) {
            // a command that validates its input while running (e.g. a config file)
            return usage.handleParseException(bad, new String[0]);
          }
          PrintWriter err = failed.getErr();
          err.printf(
              "%s: error: %s%n",
              failed.getCommandSpec().qualifiedName(), describe(ex, traceOption));
          if (requested(parseResult, traceOption)) {
            ex.printStackTrace(err);
          }
          err.flush();
          return DataCli.EXIT_RUNTIME;
        });
    return cl;
  }

  /**
   * Runs {@code cl} with {@code args} and flushes its output and error writers (picocli's default
   * writers flush only on {@code println}), returning the exit code for {@code System.exit}.
   */
  public static int execute(CommandLine cl, String... args) {
    int code = cl.execute(args);
    cl.getOut().flush();
    cl.getErr().flush();
    return code;
  }

  /** The message of {@code ex}, or its type for exceptions without one (such as a bug's NPE). */
  static String describe(Throwable ex, String traceOption) {
    String message = ex.getMessage();
    if (message == null || message.isBlank()) {
      return ex.getClass().getSimpleName()
          + " (rerun with "
          + traceOption
          + " for the stack trace)";
    }
    return message;
  }

  private static boolean requested(ParseResult parseResult, String option) {
    for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
      if (pr.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }
}
