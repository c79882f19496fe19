package io.actionstream.cli;

import io.actionstream.core.cli.CliErrors;
import io.actionstream.core.cli.CliVersion;
import io.actionstream.core.cli.DataCli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code actionstream} command: a local Kafka broker, producing frames, watching predictions,
 * asking queries and the end-to-end demo. Run it through {@link #commandLine()}, which installs the
 * shared error handling ({@link CliErrors}): usage errors exit with 2 naming the option, runtime
 * errors with 1, {@code --debug} adds stack traces.
 */
@Command(
    name = "actionstream",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description =
        "ActionStream on Kafka: a local broker, producers, watchers, queries, the demo, model"
            + " package checks and the serving benchmark.",
    subcommands = {
      DemoCommand.class,
      BrokerCommand.class,
      ProduceCommand.class,
      WatchCommand.class,
      QueryCommand.class,
      LabelCommand.class,
      ModelCommand.class,
      BenchCommand.class,
      IngestBenchCommand.class,
      SoakCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:runtime error (no broker, missing topic, no answer in time, I/O error, invalid model)",
      "2:usage error (unknown option, bad or missing value)",
      "3:query answered with an error status"
    })
public final class ActionStreamCli implements Runnable {
  /** Exit code of {@code query} when the answer's status is not OK. */
  public static final int EXIT_ANSWER_ERROR = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean debug;

  /** Entry point of the jar. */
  public static void main(String[] args) {
    CommandLine cl = commandLine();
    // the demo prints ✓ and ✗: write UTF-8 whatever the platform default
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    System.exit(CliErrors.execute(cl, args));
  }

  /** A command line for {@code actionstream} with its error handlers installed. */
  public static CommandLine commandLine() {
    return CliErrors.install(new CommandLine(new ActionStreamCli()), "--debug");
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** {@link DataCli#EXIT_OK}, for the subcommands. */
  static final int EXIT_OK = DataCli.EXIT_OK;
}
