package io.actionstream.core.wire;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one of the JSON records ({@link Prediction}, {@link Query}, {@link Answer}):
 * UTF-8 JSON, unknown fields ignored (forward compatibility), strict types otherwise. Failures are
 * {@link WireFormatException}s: {@link WireError#INVALID_JSON} for text that is not a JSON object,
 * {@link WireError#INVALID_FIELD} naming the field (as a path like {@code slots[1].word}) for a
 * missing, null, mistyped or out-of-range field, {@link WireError#UNSUPPORTED_VERSION} for a {@code
 * schemaVersion} other than 1. Null bytes and null values map to each other (tombstones).
 * Thread-safe.
 *
 * @param <T> the record type
 */
public final class JsonSerde<T> implements Serde<T> {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          // a string field takes a JSON string only: 5, 1.5 or true is INVALID_FIELD
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private static final Pattern MISSING =
      Pattern.compile("Missing required creator property '([^']+)'");

  private final Class<T> type;

  /** A serde for {@code type}. */
  public JsonSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /** The record type. */
  public Class<T> type() {
    return type;
  }

  /** Writes a value as UTF-8 JSON; null gives null. */
  public byte[] write(T value) {
    if (value == null) {
      return null;
    }
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new WireFormatException(
          WireError.INVALID_JSON, "could not write " + type.getSimpleName() + ": " + e, e);
    }
  }

  /**
   * Reads a value from UTF-8 JSON; null bytes give null, the JSON literal {@code null} is invalid.
   *
   * @throws WireFormatException INVALID_JSON, INVALID_FIELD or UNSUPPORTED_VERSION
   */
  public T read(byte[] json) {
    if (json == null) {
      return null;
    }
    JsonNode tree;
    try {
      // well-formed first: one JSON object and nothing after it, else INVALID_JSON whatever else
      // is wrong; only then the fields (INVALID_FIELD)
      tree = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new WireFormatException(
          WireError.INVALID_JSON,
          "expected one JSON object ("
              + type.getSimpleName()
              + "), got: "
              + firstLine(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new WireFormatException(WireError.INVALID_JSON, "could not read JSON: " + e, e);
    }
    if (tree == null || !tree.isObject()) {
      throw new WireFormatException(
          WireError.INVALID_JSON,
          "expected a JSON object ("
              + type.getSimpleName()
              + "), got "
              + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType()));
    }
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JacksonException e) {
      throw translate(e);
    } catch (IOException e) {
      throw new WireFormatException(WireError.INVALID_JSON, "could not read JSON: " + e, e);
    }
  }

  private WireFormatException translate(JacksonException e) {
    String what = type.getSimpleName();
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof WireFormatException w) {
        String path = e instanceof JsonMappingException m ? path(m.getPath(), null) : "";
        String prefix = path.isEmpty() ? what + " " : what + " " + path + ".";
        return new WireFormatException(w.error(), prefix + w.detail(), e);
      }
    }
    if (e instanceof MismatchedInputException m) {
      Matcher missing = MISSING.matcher(m.getOriginalMessage());
      if (missing.find()) {
        List<JsonMappingException.Reference> refs = m.getPath();
        String name = missing.group(1);
        boolean named = !refs.isEmpty() && name.equals(refs.get(refs.size() - 1).getFieldName());
        String field = path(refs, named ? null : name);
        return new WireFormatException(
            WireError.INVALID_FIELD, what + " " + field + ": expected a value, got none", e);
      }
      String field = path(m.getPath(), null);
      if (!field.isEmpty()) {
        return new WireFormatException(
            WireError.INVALID_FIELD,
            what + " " + field + ": " + firstLine(m.getOriginalMessage()),
            e);
      }
    }
    String field = null;
    if (e.getProcessor() instanceof JsonParser parser) {
      try {
        field = parser.currentName();
      } catch (IOException | RuntimeException ignored) {
        // no name to give
      }
    }
    return new WireFormatException(
        WireError.INVALID_FIELD,
        what + " " + (field != null ? field : "field") + ": " + firstLine(e.getOriginalMessage()),
        e);
  }

  private static String path(List<JsonMappingException.Reference> refs, String last) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    if (last != null) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(last);
    }
    return sb.toString();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, data) -> write(data);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> read(data);
  }
}
