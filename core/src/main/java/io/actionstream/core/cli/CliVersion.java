package io.actionstream.core.cli;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The version of a command: its name and the {@code Implementation-Version} of the jar holding the
 * command class.
 */
public final class CliVersion implements IVersionProvider {
  @Spec CommandSpec spec;

  @Override
  public String[] getVersion() {
    String version = spec.userObject().getClass().getPackage().getImplementationVersion();
    return new String[] {
      spec.qualifiedName()
          + " "
          + (version == null ? "(development build, not from a jar)" : version),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
