package io.actionstream.cli;

import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageValidator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream model}: check a model package, and the registry's operations
 * (docs/model-registry.md).
 */
@Command(
    name = "model",
    description = "Model packages and the model registry: validate, publish, promote, roll back.",
    subcommands = {
      ModelCommand.Validate.class,
      RegistryCommands.Publish.class,
      RegistryCommands.ListVersions.class,
      RegistryCommands.Show.class,
      RegistryCommands.Promote.class,
      RegistryCommands.Rollback.class,
      RegistryCommands.Retire.class,
      RegistryCommands.History.class
    })
final class ModelCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** {@code actionstream model validate PKG_DIR}. */
  @Command(
      name = "validate",
      description = {
        "Checks a model package as the service does before serving it (docs/model-package.md):"
            + " manifest, checksums, the graph's inputs, outputs and metadata.",
        "Prints one line and exits 0 when it is valid; prints the reason and exits 1 when not."
      })
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "PKG_DIR", description = "The package directory.")
    Path directory;

    @Override
    public Integer call() {
      ModelPackage pkg = ModelPackageValidator.validate(directory);
      ModelManifest m = pkg.manifest();
      String schema =
          m.propertySchema().slots().stream()
              .map(s -> s.name() + " (" + s.size() + ")")
              .collect(Collectors.joining(", "));
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "valid: %s %s, slots %s, input %d×3×%d×%d (%s)%n",
              m.name(),
              m.version(),
              schema,
              m.input().frames(),
              m.input().height(),
              m.input().width(),
              directory);
      return ActionStreamCli.EXIT_OK;
    }
  }
}
