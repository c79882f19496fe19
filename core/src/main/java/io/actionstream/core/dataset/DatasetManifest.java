package io.actionstream.core.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Slot;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code manifest.json} of a dataset directory: what the shards hold and how to split them.
 * Written last by {@link DatasetWriter}, so a directory without one is an unfinished dataset.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param schema slot name → words, in slot and class-id order
 * @param clipShape T, H, W of every clip
 * @param generator the generator's configuration as a free JSON object (empty object if none)
 * @param seed the dataset seed
 * @param count number of clips
 * @param shards the shard files in reading order
 * @param splits the split definitions, held-out pairs included
 * @param partitionCounts split name → partition → clips
 * @param createdAt ISO-8601 instant of writing
 */
public record DatasetManifest(
    int formatVersion,
    Map<String, List<String>> schema,
    ClipShape clipShape,
    JsonNode generator,
    long seed,
    long count,
    List<ShardInfo> shards,
    List<SplitDefinition> splits,
    Map<String, Map<Partition, Long>> partitionCounts,
    String createdAt) {

  /** Version of the manifest and shard format this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** File name of the manifest inside a dataset directory. */
  public static final String FILE_NAME = "manifest.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One shard file.
   *
   * @param file path relative to the dataset directory, e.g. {@code shards/shard-00000.bin}
   * @param clips number of records
   * @param bytes file size in bytes
   * @param sha256 lower-case hex SHA-256 of the whole file
   */
  public record ShardInfo(String file, long clips, long bytes, String sha256) {}

  public DatasetManifest {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(shards, "shards");
    generator = generator == null ? JsonNodeFactory.instance.objectNode() : generator;
    schema = copyOrdered(schema);
    shards = List.copyOf(shards);
    splits = splits == null ? List.of() : List.copyOf(splits);
    partitionCounts = partitionCounts == null ? Map.of() : copyCounts(partitionCounts);
  }

  private static Map<String, List<String>> copyOrdered(Map<String, List<String>> in) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, Map<Partition, Long>> copyCounts(
      Map<String, Map<Partition, Long>> in) {
    Map<String, Map<Partition, Long>> out = new LinkedHashMap<>();
    in.forEach(
        (k, v) -> {
          Map<Partition, Long> m = new EnumMap<>(Partition.class);
          m.putAll(v);
          out.put(k, java.util.Collections.unmodifiableMap(m));
        });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The slot→words map of {@code schema}, in order, as stored in the manifest. */
  public static Map<String, List<String>> schemaMap(PropertySchema schema) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Slot slot : schema.slots()) {
      map.put(slot.name(), slot.words());
    }
    return map;
  }

  /** The property schema stored in this manifest. */
  public PropertySchema propertySchema() {
    List<Slot> slots = new ArrayList<>();
    schema.forEach((name, words) -> slots.add(new Slot(name, words)));
    return new PropertySchema(slots);
  }

  /** The split named {@code name}; see {@link Splits#find}. */
  public SplitDefinition split(String name) {
    return Splits.find(splits, name);
  }

  /** Writes this manifest as indented JSON to {@code file}. */
  public void write(Path file) throws IOException {
    MAPPER.writeValue(file.toFile(), this);
  }

  /** This manifest as indented JSON. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise manifest", e);
    }
  }

  /**
   * Reads and checks the manifest of the dataset directory {@code dir}.
   *
   * @throws DatasetException if the file is missing or malformed, its format version is not {@link
   *     #FORMAT_VERSION}, or its schema or splits are inconsistent
   */
  public static DatasetManifest read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    JsonNode tree;
    try {
      tree = MAPPER.readTree(file.toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new DatasetException(
          "no "
              + FILE_NAME
              + " in "
              + dir
              + " (not a dataset directory, or writing never finished)");
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new DatasetException(file + " is not a JSON object");
    }
    JsonNode version = tree.get("formatVersion");
    if (version == null || !version.isInt() || version.intValue() != FORMAT_VERSION) {
      throw new DatasetException(
          file
              + " has format version "
              + version
              + "; this reader supports version "
              + FORMAT_VERSION);
    }
    DatasetManifest manifest;
    try {
      manifest = MAPPER.treeToValue(tree, DatasetManifest.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new DatasetException("malformed " + file + ": " + e.getMessage(), e);
    }
    manifest.check(file);
    return manifest;
  }

  private void check(Path file) {
    if (clipShape == null && count > 0) {
      throw new DatasetException(file + " has " + count + " clips but no clipShape");
    }
    long sum = shards.stream().mapToLong(ShardInfo::clips).sum();
    if (sum != count) {
      throw new DatasetException(
          file + " says count=" + count + " but its shards hold " + sum + " clips");
    }
    try {
      PropertySchema parsed = propertySchema();
      for (SplitDefinition split : splits) {
        split.validate(parsed);
      }
    } catch (IllegalArgumentException e) {
      throw new DatasetException("malformed " + file + ": " + e.getMessage(), e);
    }
  }
}
