package io.actionstream.trainer.cli;

import io.actionstream.core.cli.CliErrors;
import io.actionstream.core.cli.CliVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code actionstream-train} command: train and evaluate action models. Usage errors exit 2,
 * runtime errors exit 1; {@code --stacktrace} prints the stack trace of an error.
 */
@Command(
    name = "actionstream-train",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "Train and evaluate ActionStream models (DJL, PyTorch engine, CPU).",
    subcommands = {
      TrainCommand.class,
      RetrainCommand.class,
      EvaluateCommand.class,
      SummarizeCommand.class,
      ExportCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:runtime error",
      "2:usage error (bad option or config value)",
      "3:retrain: the gate rejected the candidate"
    })
public final class TrainerCli implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean stacktrace;

  /** Entry point of the jar. */
  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("java.awt.headless", "true");
    System.exit(CliErrors.execute(commandLine(), args));
  }

  /** A command line with ActionStream's error handling installed. */
  public static CommandLine commandLine() {
    return CliErrors.install(new CommandLine(new TrainerCli()), "--stacktrace");
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }
}
