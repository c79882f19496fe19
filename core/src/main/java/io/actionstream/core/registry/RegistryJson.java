package io.actionstream.core.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionstream.core.registry.RegistryException.Reason;
import java.io.IOException;

/** The JSON of registry events and package indexes (docs/model-registry.md). */
final class RegistryJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private RegistryJson() {}

  static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + value, e);
    }
  }

  static RegistryEvent event(byte[] json) throws IOException {
    return JSON.readValue(json, RegistryEvent.class);
  }

  static PackageIndex index(byte[] json, String version) {
    try {
      return JSON.readValue(json, PackageIndex.class);
    } catch (IOException | RuntimeException e) {
      throw new RegistryException(
          Reason.CORRUPT_PACKAGE,
          "the stored index of version '" + version + "' cannot be read: " + e.getMessage(),
          e);
    }
  }
}
