package io.actionstream.service;

import io.actionstream.service.config.ConfigSources;
import io.actionstream.service.config.ServiceConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The configuration options shared by the commands: a file and overrides. */
final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Java properties file with the settings (see docs/operations.md).")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Set a key, after the file and ACTIONSTREAM_* environment variables (repeatable).")
  Map<String, String> set = new LinkedHashMap<>();

  /**
   * Loads and validates the settings.
   *
   * @throws ParameterException (exit 2) naming the key and its source if a value is bad
   */
  ServiceConfig load(CommandSpec spec, Map<String, String> environment) {
    try {
      return ConfigSources.load(file, environment, set).toConfig();
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), "bad configuration: " + e.getMessage(), e);
    }
  }
}
