package io.actionstream.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads and writes UTF-8 text header values with typed errors. */
final class HeaderValues {
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

  private HeaderValues() {}

  /**
   * The text of the last header named {@code name}, or null if absent.
   *
   * @throws WireFormatException {@link WireError#MALFORMED_HEADER} if the value is not UTF-8
   */
  static String text(Headers headers, String name) {
    Header header = headers == null ? null : headers.lastHeader(name);
    if (header == null) {
      return null;
    }
    byte[] value = header.value();
    if (value == null) {
      throw new WireFormatException(
          WireError.MALFORMED_HEADER, name + ": expected a UTF-8 text value, got a null value");
    }
    String text = Utf8.decodeOrNull(value);
    if (text == null) {
      throw new WireFormatException(
          WireError.MALFORMED_HEADER,
          name + ": expected UTF-8 text, got " + value.length + " bytes that are not UTF-8");
    }
    return text;
  }

  /** The text of a required header; {@link WireError#MISSING_HEADER} if absent. */
  static String requireText(Headers headers, String name) {
    String text = text(headers, name);
    if (text == null) {
      throw new WireFormatException(
          WireError.MISSING_HEADER, name + ": expected a header, got none");
    }
    return text;
  }

  /**
   * A required decimal integer header in {@code min..max}.
   *
   * @throws WireFormatException {@link WireError#MISSING_HEADER} if absent, {@link
   *     WireError#MALFORMED_HEADER} if not a decimal integer in range
   */
  static long requireLong(Headers headers, String name, long min, long max) {
    return parseLong(name, requireText(headers, name), min, max);
  }

  /**
   * A required decimal integer header, any {@code long}: range checks are the caller's (a width is
   * checked against the limits, for the right code). Not a number is {@link
   * WireError#MALFORMED_HEADER} saying {@code expected}, e.g. {@code 1..4096}.
   */
  static long requireNumber(Headers headers, String name, String expected) {
    String text = requireText(headers, name);
    if (!DECIMAL.matcher(text).matches()) {
      throw new WireFormatException(
          WireError.MALFORMED_HEADER,
          name + ": expected a decimal integer " + expected + ", got '" + clip(text) + "'");
    }
    return parseLong(name, text, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** Parses a decimal integer header value in {@code min..max}. */
  static long parseLong(String name, String text, long min, long max) {
    if (!DECIMAL.matcher(text).matches()) {
      throw new WireFormatException(
          WireError.MALFORMED_HEADER,
          name + ": expected a decimal integer " + min + ".." + max + ", got '" + clip(text) + "'");
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new WireFormatException(
          WireError.MALFORMED_HEADER,
          name + ": expected a decimal integer " + min + ".." + max + ", got '" + clip(text) + "'");
    }
    if (value < min || value > max) {
      throw new WireFormatException(
          WireError.MALFORMED_HEADER,
          name + ": expected a decimal integer " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  /** Replaces every header named {@code name} by one with the UTF-8 bytes of {@code value}. */
  static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String clip(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
