package io.actionstream.core.cli;

import picocli.CommandLine.IVersionProvider;

/** The version of the core jar, from its manifest's {@code Implementation-Version}. */
final class CliVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = DataCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "actionstream-data " + (version == null ? "(development build, not from a jar)" : version),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
