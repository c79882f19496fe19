package io.actionstream.service.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which settings are secrets, and their masked form for logs and command output. A key is secret if
 * it contains {@code password} or {@code secret}, or ends with {@code sasl.jaas.config} or {@code
 * ssl.keystore.key} (any case, any client prefix such as {@code producer.}).
 */
public final class Secrets {
  /** What a secret value is shown as. */
  public static final String MASK = "[hidden]";

  private Secrets() {}

  /** Whether {@code key}'s value must never be logged. */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.endsWith("sasl.jaas.config")
        || k.endsWith("ssl.keystore.key");
  }

  /** {@code value}, or {@link #MASK} if {@code key} is secret. */
  public static String mask(String key, Object value) {
    return isSecret(key) ? MASK : String.valueOf(value);
  }

  /** A copy of {@code settings} (same order) with every secret value masked. */
  public static Map<String, String> mask(Map<String, String> settings) {
    Map<String, String> masked = new LinkedHashMap<>();
    settings.forEach((k, v) -> masked.put(k, mask(k, v)));
    return masked;
  }
}
