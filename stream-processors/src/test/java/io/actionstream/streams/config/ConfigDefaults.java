package io.actionstream.streams.config;

import org.apache.kafka.common.config.ConfigDef;

/** The text of a default as the reference table shows it. */
final class ConfigDefaults {
  private ConfigDefaults() {}

  static String text(ConfigDef.ConfigKey key) {
    return String.valueOf(key.defaultValue);
  }
}
