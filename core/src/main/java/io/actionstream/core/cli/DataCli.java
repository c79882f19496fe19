package io.actionstream.core.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code actionstream-data} command: generate, inspect and look at datasets. Run it through
 * {@link #commandLine()}, which installs the error handling: a usage error prints one line naming
 * the option and exits with {@link #EXIT_USAGE}; any other failure prints one line and exits with
 * {@link #EXIT_RUNTIME}; {@code --debug} adds the stack trace.
 */
@Command(
    name = "actionstream-data",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "Generate, inspect and view ActionStream datasets.",
    subcommands = {GenerateCommand.class, InspectCommand.class, ContactSheetCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:runtime error (missing or bad dataset, refused --out, I/O error)",
      "2:usage error (unknown option, bad or missing value)"
    })
public final class DataCli implements Runnable {
  /** Exit code of a command that succeeded. */
  public static final int EXIT_OK = 0;

  /** Exit code of a command that failed while running (bad dataset, I/O error, refused --out). */
  public static final int EXIT_RUNTIME = 1;

  /** Exit code of a command line that could not be understood (bad option or value). */
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean debug;

  /** Entry point of the jar. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** A command line for {@code actionstream-data} with its error handlers installed. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new DataCli());
    cl.setParameterExceptionHandler(USAGE_ERROR);
    cl.setExecutionExceptionHandler(RUNTIME_ERROR);
    return cl;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }

  private static final IParameterExceptionHandler USAGE_ERROR =
      (ParameterException ex, String[] args) -> {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().printf("%s: %s (see '%s --help')%n", name, ex.getMessage(), name);
        if (debugRequested(cl.getParseResult())) {
          ex.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return EXIT_USAGE;
      };

  private static final IExecutionExceptionHandler RUNTIME_ERROR =
      (Exception ex, CommandLine cl, ParseResult parseResult) -> {
        PrintWriter err = cl.getErr();
        boolean debug = debugRequested(parseResult);
        err.printf("%s: error: %s%n", cl.getCommandSpec().qualifiedName(), describe(ex));
        if (debug) {
          ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_RUNTIME;
      };

  /** The message of {@code ex}, or its type for exceptions without one (such as a bug's NPE). */
  static String describe(Throwable ex) {
    String message = ex.getMessage();
    if (message == null || message.isBlank()) {
      return ex.getClass().getSimpleName() + " (rerun with --debug for the stack trace)";
    }
    return message;
  }

  private static boolean debugRequested(ParseResult parseResult) {
    for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
      if (pr.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
