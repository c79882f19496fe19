package io.actionstream.core.cli;

import java.util.Locale;

/**
 * How a setting is named as an environment variable, for every ActionStream command that reads
 * settings from the environment: {@code bootstrap.servers} is {@code
 * ACTIONSTREAM_BOOTSTRAP_SERVERS}.
 */
public final class EnvironmentKeys {
  /** Prefix of environment variables holding settings. */
  public static final String PREFIX = "ACTIONSTREAM_";

  private EnvironmentKeys() {}

  /**
   * The setting an environment variable holds: {@code ACTIONSTREAM_SASL_JAAS_CONFIG} to {@code
   * sasl.jaas.config}.
   */
  public static String keyOf(String environmentVariable) {
    return environmentVariable
        .substring(PREFIX.length())
        .toLowerCase(Locale.ROOT)
        .replace('_', '.');
  }

  /** The environment variable for {@code key}: {@code bootstrap.servers} to its variable. */
  public static String environmentVariable(String key) {
    return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }
}
