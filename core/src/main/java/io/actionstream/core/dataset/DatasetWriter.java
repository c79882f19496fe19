package io.actionstream.core.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a dataset directory: clips go one by one into {@code shards/shard-NNNNN.bin} files of
 * {@code shardSize} clips each, and {@link #close()} writes {@code manifest.json} with the shard
 * checksums and the per-split partition counts counted on the way. Memory use is constant: one clip
 * and a 64 KiB buffer at a time.
 *
 * <pre>{@code
 * try (DatasetWriter writer = DatasetWriter.builder(dir, schema).optSeed(42).build()) {
 *   writer.addAll(clips); // Iterator<LabelledClip> whose ids are clip indices
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class DatasetWriter implements AutoCloseable {
  private static final int BUFFER_BYTES = 1 << 16;

  private final Path dir;
  private final PropertySchema schema;
  private final long seed;
  private final int shardSize;
  private final boolean deflate;
  private final JsonNode generator;
  private final Clock clock;
  private final List<SplitDefinition> splits;
  private final Map<String, EnumMap<Partition, Long>> counts = new LinkedHashMap<>();
  private final List<DatasetManifest.ShardInfo> shards = new ArrayList<>();
  private ClipShape shape;
  private long count;
  private DataOutputStream shardOut;
  private MessageDigest shardDigest;
  private long shardBytes;
  private long shardClips;
  private DatasetManifest manifest;
  private boolean closed;

  private DatasetWriter(Builder b) throws IOException {
    this.dir = b.dir;
    this.schema = b.schema;
    this.seed = b.seed;
    this.shardSize = b.shardSize;
    this.deflate = b.deflate;
    this.generator = b.generator;
    this.clock = b.clock;
    this.shape = b.shape;
    this.splits = b.splits != null ? List.copyOf(b.splits) : Splits.standard(schema, seed);
    for (SplitDefinition split : splits) {
      split.validate(schema);
      EnumMap<Partition, Long> m = new EnumMap<>(Partition.class);
      for (Partition p : Partition.values()) {
        m.put(p, 0L);
      }
      if (counts.put(split.name(), m) != null) {
        throw new IllegalArgumentException("two splits are named '" + split.name() + "'");
      }
    }
    if (Files.exists(dir.resolve(DatasetManifest.FILE_NAME))) {
      throw new DatasetException(
          dir + " already holds a dataset (" + DatasetManifest.FILE_NAME + ")");
    }
    Path shardDir = dir.resolve("shards");
    if (Files.isDirectory(shardDir)) {
      try (var entries = Files.list(shardDir)) {
        if (entries.findAny().isPresent()) {
          throw new DatasetException(shardDir + " is not empty; refusing to mix datasets");
        }
      }
    }
    Files.createDirectories(shardDir);
  }

  /** A builder for a dataset in {@code dir} (created if absent; must not hold a dataset). */
  public static Builder builder(Path dir, PropertySchema schema) {
    return new Builder(dir, schema);
  }

  /**
   * Adds a clip whose {@link LabelledClip#id()} is its clip index (a decimal long, as the synthetic
   * generator makes them).
   *
   * @throws IllegalArgumentException if the id is not a number, the shape differs from the
   *     dataset's or the sentence belongs to another schema
   */
  public void add(LabelledClip clip) {
    long index;
    try {
      index = Long.parseLong(clip.id());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "clip id '" + clip.id() + "' is not a clip index; use add(clipIndex, clip)");
    }
    add(index, clip);
  }

  /** Adds a clip under an explicit clip index; see {@link #add(LabelledClip)}. */
  public void add(long clipIndex, LabelledClip clip) {
    if (closed) {
      throw new IllegalStateException("dataset writer for " + dir + " is closed");
    }
    if (!clip.sentence().schema().equals(schema)) {
      throw new IllegalArgumentException(
          "clip " + clip.id() + " has a sentence of another schema: " + clip.sentence());
    }
    if (shape == null) {
      shape = ClipShape.of(clip.clip());
    } else if (!shape.matches(clip.clip())) {
      throw new IllegalArgumentException(
          "clip "
              + clip.id()
              + " is "
              + ClipShape.of(clip.clip())
              + " (TxHxW); this dataset's clips are "
              + shape);
    }
    try {
      if (shardOut == null) {
        openShard();
      }
      shardBytes +=
          ShardFormat.writeRecord(
              shardOut, clipIndex, clip.sentence().text(), clip.clip(), deflate);
      shardClips++;
      count++;
      for (SplitDefinition split : splits) {
        counts.get(split.name()).merge(split.assign(clipIndex, clip.sentence()), 1L, Long::sum);
      }
      if (shardClips == shardSize) {
        closeShard();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write shard in " + dir, e);
    }
  }

  /** Adds every clip of {@code clips}; see {@link #add(LabelledClip)}. */
  public void addAll(Iterator<LabelledClip> clips) {
    while (clips.hasNext()) {
      add(clips.next());
    }
  }

  /** Number of clips added so far. */
  public long count() {
    return count;
  }

  /** Partition counts of split {@code name} so far (a copy). */
  public Map<Partition, Long> partitionCounts(String name) {
    EnumMap<Partition, Long> m = counts.get(name);
    if (m == null) {
      Splits.find(splits, name); // throws naming the known splits
    }
    return new EnumMap<>(m);
  }

  /** The manifest written by {@link #close()}. */
  public DatasetManifest manifest() {
    if (manifest == null) {
      throw new IllegalStateException("the manifest is written on close()");
    }
    return manifest;
  }

  private void openShard() throws IOException {
    Path file = dir.resolve(ShardFormat.shardFile(shards.size()));
    try {
      shardDigest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    shardOut =
        new DataOutputStream(
            new BufferedOutputStream(
                new DigestOutputStream(Files.newOutputStream(file), shardDigest), BUFFER_BYTES));
    ShardFormat.writeHeader(shardOut);
    shardBytes = ShardFormat.HEADER_BYTES;
    shardClips = 0;
  }

  private void closeShard() throws IOException {
    shardOut.close();
    shards.add(
        new DatasetManifest.ShardInfo(
            ShardFormat.shardFile(shards.size()),
            shardClips,
            shardBytes,
            HexFormat.of().formatHex(shardDigest.digest())));
    shardOut = null;
  }

  /** Closes the last shard and writes {@code manifest.json}. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (shardOut != null) {
        closeShard();
      }
      manifest =
          new DatasetManifest(
              DatasetManifest.FORMAT_VERSION,
              DatasetManifest.schemaMap(schema),
              shape,
              generator,
              seed,
              count,
              shards,
              splits,
              new LinkedHashMap<>(counts),
              clock.instant().toString());
      Path tmp = dir.resolve(DatasetManifest.FILE_NAME + ".tmp");
      manifest.write(tmp);
      Files.move(
          tmp,
          dir.resolve(DatasetManifest.FILE_NAME),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish dataset in " + dir, e);
    }
  }

  /** Options of a {@link DatasetWriter}; {@code opt*} setters have defaults. */
  public static final class Builder {
    private final Path dir;
    private final PropertySchema schema;
    private long seed = 42;
    private int shardSize = 256;
    private boolean deflate;
    private JsonNode generator;
    private Clock clock = Clock.systemUTC();
    private ClipShape shape;
    private List<SplitDefinition> splits;

    private Builder(Path dir, PropertySchema schema) {
      this.dir = Objects.requireNonNull(dir, "dir");
      this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** Dataset seed (default 42), recorded in the manifest and used for the default splits. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Clips per shard file (default 256, at least 1). */
    public Builder optShardSize(int shardSize) {
      if (shardSize < 1) {
        throw new IllegalArgumentException("shardSize must be at least 1, got " + shardSize);
      }
      this.shardSize = shardSize;
      return this;
    }

    /** Deflate each clip's pixels (default false: raw bytes, fastest to read). */
    public Builder optDeflate(boolean deflate) {
      this.deflate = deflate;
      return this;
    }

    /** The generator configuration to record in the manifest (default: empty object). */
    public Builder optGenerator(JsonNode generator) {
      this.generator = generator;
      return this;
    }

    /** The split definitions (default {@link Splits#standard} with the dataset seed). */
    public Builder optSplits(List<SplitDefinition> splits) {
      this.splits = Objects.requireNonNull(splits, "splits");
      return this;
    }

    /** Required clip shape (default: the first clip's). */
    public Builder optClipShape(ClipShape shape) {
      this.shape = shape;
      return this;
    }

    /** Clock for the manifest's creation time (default system UTC). */
    public Builder optClock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Creates the directory and the writer.
     *
     * @throws DatasetException if the directory already holds a dataset
     * @throws IllegalArgumentException if a split does not fit the schema or two share a name
     */
    public DatasetWriter build() throws IOException {
      return new DatasetWriter(this);
    }
  }
}
