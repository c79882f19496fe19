package io.actionstream.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import java.util.HashSet;
import java.util.List;

/**
 * A question about the latest clip of a stream (the queries topic, JSON, key = stream id): which
 * properties to answer. The answer comes on the answers topic with the same {@code queryId}.
 *
 * @param schemaVersion JSON schema version, 1
 * @param queryId the caller's id, echoed in the answer
 * @param streamId the stream asked about
 * @param properties slot names to answer, at least one, no repeats
 * @param createdMs when the query was made, epoch ms
 */
public record Query(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String queryId,
    @JsonProperty(required = true) String streamId,
    @JsonProperty(required = true) List<String> properties,
    @JsonProperty(required = true) long createdMs) {
  /**
   * Checks the fields (not the property names: see {@link #validate(PropertySchema)}).
   *
   * @throws WireFormatException UNSUPPORTED_VERSION or INVALID_FIELD naming the field
   */
  public Query {
    JsonChecks.version(schemaVersion);
    JsonChecks.notBlank(queryId, "queryId");
    JsonChecks.streamId(streamId, "streamId");
    properties = JsonChecks.nonEmptyList(properties, "properties");
    if (new HashSet<>(properties).size() != properties.size()) {
      throw JsonChecks.invalid("properties", "distinct slot names", properties.toString());
    }
    JsonChecks.nonNegative(createdMs, "createdMs");
  }

  /** A query of the current schema version. */
  public static Query of(String queryId, String streamId, List<String> properties, long createdMs) {
    return new Query(JsonChecks.SCHEMA_VERSION, queryId, streamId, properties, createdMs);
  }

  /**
   * Checks the property names against the model's schema and returns the mask they ask.
   *
   * @throws WireFormatException {@link WireError#UNKNOWN_PROPERTY} naming the unknown property and
   *     the known ones
   */
  public SlotMask validate(PropertySchema schema) {
    for (String property : properties) {
      if (schema.findSlot(property).isEmpty()) {
        throw new WireFormatException(
            WireError.UNKNOWN_PROPERTY,
            "properties: expected slot names from "
                + schema.slotNames()
                + ", got '"
                + property
                + "'");
      }
    }
    return schema.maskOf(properties);
  }
}
