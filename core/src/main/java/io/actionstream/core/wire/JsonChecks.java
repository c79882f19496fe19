package io.actionstream.core.wire;

import java.util.List;

/** Field checks shared by the JSON records; all fail with {@link WireError#INVALID_FIELD}. */
final class JsonChecks {
  /** The JSON schema version this code writes and reads. */
  static final int SCHEMA_VERSION = 1;

  private JsonChecks() {}

  static void version(int schemaVersion) {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new WireFormatException(
          WireError.UNSUPPORTED_VERSION,
          "schemaVersion: expected " + SCHEMA_VERSION + ", got " + schemaVersion);
    }
  }

  static <T> T notNull(T value, String field) {
    if (value == null) {
      throw invalid(field, "a value", "null");
    }
    return value;
  }

  static String notBlank(String value, String field) {
    if (notNull(value, field).isBlank()) {
      throw invalid(field, "a non-blank string", "'" + value + "'");
    }
    return value;
  }

  static String streamId(String value, String field) {
    notNull(value, field);
    if (!StreamIds.isValid(value)) {
      throw invalid(field, "a stream id of 1.." + StreamIds.MAX_BYTES + " UTF-8 bytes", value);
    }
    return value;
  }

  static long nonNegative(long value, String field) {
    if (value < 0) {
      throw invalid(field, ">= 0", Long.toString(value));
    }
    return value;
  }

  static double probability(double value, String field) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw invalid(field, "a probability in 0..1", Double.toString(value));
    }
    return value;
  }

  static <T> List<T> nonEmptyList(List<T> values, String field) {
    notNull(values, field);
    if (values.isEmpty()) {
      throw invalid(field, "at least one element", "[]");
    }
    for (int i = 0; i < values.size(); i++) {
      notNull(values.get(i), field + "[" + i + "]");
    }
    return List.copyOf(values);
  }

  static WireFormatException invalid(String field, String expected, String got) {
    return new WireFormatException(
        WireError.INVALID_FIELD, field + ": expected " + expected + ", got " + got);
  }
}
