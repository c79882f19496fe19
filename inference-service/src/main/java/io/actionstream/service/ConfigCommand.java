package io.actionstream.service;

import io.actionstream.service.config.ServiceConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code config}: validates the settings and prints the effective ones, secrets masked. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the settings and print the effective configuration (secrets masked), then exit.",
      "Nothing is contacted: no broker, no model."
    })
final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand ServiceCli parent;
  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    ServiceConfig config = options.load(spec, parent.environment);
    PrintWriter out = spec.commandLine().getOut();
    config.effectiveMasked().forEach((k, v) -> out.println(k + "=" + v));
    return 0;
  }
}
