package io.actionstream.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
    System.exit(CliErrors.execute(commandLine(), args));
  }

  /** A command line for {@code actionstream-data} with its error handlers installed. */
  public static CommandLine commandLine() {
    return CliErrors.install(new CommandLine(new DataCli()), "--debug");
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }
}
