package io.actionstream.service;

import io.actionstream.core.cli.CliErrors;
import io.actionstream.core.cli.CliVersion;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code actionstream-service} command: {@code serve} runs the service, {@code config} prints
 * the effective configuration. A bad configuration exits 2 naming the key and its source; any other
 * failure, a Kafka Streams client that died included, exits 1; {@code --stacktrace} adds the stack
 * trace.
 */
@Command(
    name = "actionstream-service",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "Run the ActionStream inference service (Kafka Streams + ONNX Runtime).",
    subcommands = {ServeCommand.class, ConfigCommand.class, TopicsCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (config)",
      "1:runtime error (model, Kafka, or Kafka Streams stopped with an error)",
      "2:usage error (bad option, bad or missing config value)",
      "143/130:serve stopped by SIGTERM/SIGINT after closing the service"
    })
public final class ServiceCli implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean stacktrace;

  /** Where {@code ACTIONSTREAM_*} settings are read from (tests replace it). */
  final Map<String, String> environment;

  ServiceCli(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Entry point of the jar. */
  public static void main(String[] args) {
    System.exit(CliErrors.execute(commandLine(System.getenv()), args));
  }

  /** A command line reading settings from {@code environment}, with the error handlers. */
  public static CommandLine commandLine(Map<String, String> environment) {
    return CliErrors.install(
        new CommandLine(new ServiceCli(Map.copyOf(environment))), "--stacktrace");
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }
}
