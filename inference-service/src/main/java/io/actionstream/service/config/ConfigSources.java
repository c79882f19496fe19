package io.actionstream.service.config;

import io.actionstream.core.cli.EnvironmentKeys;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;

/**
 * Gathers the service's settings from its sources, later wins: a Java properties file, then
 * environment variables {@code ACTIONSTREAM_<KEY>} (key upper-cased, {@code .} as {@code _}), then
 * explicit overrides ({@code --set key=value}). Remembers where each value came from, so that
 * {@link #toConfig()} can say which source holds a bad value.
 */
public final class ConfigSources {
  /** Prefix of environment variables holding settings. */
  public static final String ENV_PREFIX = EnvironmentKeys.PREFIX;

  /** Environment variables with the prefix that are not settings (read by the launchers). */
  public static final Set<String> NOT_SETTINGS = Set.of("ACTIONSTREAM_JAVA_OPTS");

  private final Map<String, String> values = new TreeMap<>();
  private final Map<String, String> origins = new LinkedHashMap<>();

  private ConfigSources() {}

  /**
   * Reads the sources.
   *
   * @param file a properties file, or null for none
   * @param environment the process environment (only {@code ACTIONSTREAM_*} is read)
   * @param overrides explicit settings, applied last
   * @throws ConfigException if the file cannot be read
   */
  public static ConfigSources load(
      Path file, Map<String, String> environment, Map<String, String> overrides) {
    ConfigSources s = new ConfigSources();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e);
      }
      for (String key : new TreeSet<>(p.stringPropertyNames())) {
        s.put(key, p.getProperty(key).trim(), "config file " + file);
      }
    }
    new TreeMap<>(environment)
        .forEach(
            (name, value) -> {
              if (name.startsWith(ENV_PREFIX)
                  && name.length() > ENV_PREFIX.length()
                  && !NOT_SETTINGS.contains(name)) {
                s.put(keyOf(name), value, "environment variable " + name);
              }
            });
    overrides.forEach((k, v) -> s.put(k.trim(), v, "--set " + k.trim()));
    return s;
  }

  /** {@link EnvironmentKeys#keyOf}. */
  public static String keyOf(String environmentVariable) {
    return EnvironmentKeys.keyOf(environmentVariable);
  }

  /** {@link EnvironmentKeys#environmentVariable}. */
  public static String environmentVariable(String key) {
    return EnvironmentKeys.environmentVariable(key);
  }

  private void put(String key, String value, String origin) {
    values.put(key, value);
    origins.put(key, origin);
  }

  /** The merged settings, sorted by key. */
  public Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  /** Where {@code key}'s value came from, or null if no source set it. */
  public String origin(String key) {
    return origins.get(key);
  }

  /**
   * Validates the merged settings.
   *
   * @throws ConfigException naming the key and, where one source set it, that source
   */
  public ServiceConfig toConfig() {
    try {
      return new ServiceConfig(values);
    } catch (ConfigException e) {
      throw withOrigin(e);
    }
  }

  private ConfigException withOrigin(ConfigException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String key =
        values.keySet().stream()
            .filter(k -> names(message, k))
            .max(Comparator.comparingInt(String::length))
            .orElse(null);
    if (key != null) {
      ConfigException named = new ConfigException(message + " (from " + origins.get(key) + ")");
      named.initCause(e);
      return named;
    }
    if (message.startsWith("Missing required configuration")) {
      ConfigException named =
          new ConfigException(
              message
                  + " Set it in the --config file, as an ACTIONSTREAM_* environment variable or"
                  + " with --set key=value.");
      named.initCause(e);
      return named;
    }
    return e;
  }

  /** Whether a Kafka {@code ConfigException} message is about {@code key}. */
  private static boolean names(String message, String key) {
    String at = "configuration " + key;
    int i = message.indexOf(at);
    if (i < 0) {
      return false;
    }
    int end = i + at.length();
    return end == message.length() || message.charAt(end) == ':' || message.charAt(end) == ' ';
  }
}
