package io.actionstream.core.dataset;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a dataset directory written by {@link DatasetWriter}. {@link #open(Path)} checks the
 * manifest and that every shard exists with the recorded size; {@link #verify()} also checks the
 * SHA-256 of every shard. Clips are streamed shard by shard through a 64 KiB buffer, so memory use
 * does not grow with the dataset.
 *
 * <p>As a {@link ClipSource} the reader serves the partitions of its default split ({@value
 * Splits#IID} if the dataset has it, else its first split); {@link #split(String)} gives a source
 * for any other split.
 *
 * <pre>{@code
 * try (DatasetReader reader = DatasetReader.open(dir);
 *     Stream<LabelledClip> train = reader.stream("comp-colour-shape-hard", Partition.TRAIN)) {
 *   train.forEach(trainer::step);
 * }
 * }</pre>
 */
public final class DatasetReader implements ClipSource {
  private final Path dir;
  private final DatasetManifest manifest;
  private final PropertySchema schema;
  private final SplitDefinition defaultSplit;

  private DatasetReader(Path dir, DatasetManifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
    this.schema = manifest.propertySchema();
    this.defaultSplit =
        manifest.splits().stream()
            .filter(s -> s.name().equals(Splits.IID))
            .findFirst()
            .orElse(manifest.splits().isEmpty() ? null : manifest.splits().get(0));
  }

  /**
   * Opens the dataset in {@code dir}.
   *
   * @throws DatasetException if the manifest is missing, malformed or of another format version, or
   *     a shard file is missing or not the size the manifest records
   */
  public static DatasetReader open(Path dir) {
    DatasetManifest manifest = DatasetManifest.read(dir);
    for (DatasetManifest.ShardInfo shard : manifest.shards()) {
      Path file = dir.resolve(shard.file());
      if (!Files.isRegularFile(file)) {
        throw new DatasetException("missing shard " + file + " listed in the manifest");
      }
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (size != shard.bytes()) {
        throw new DatasetException(
            (size < shard.bytes() ? "truncated shard " : "shard ")
                + file
                + ": "
                + size
                + " bytes, the manifest says "
                + shard.bytes());
      }
    }
    return new DatasetReader(dir, manifest);
  }

  /** The manifest. */
  public DatasetManifest manifest() {
    return manifest;
  }

  /** The dataset directory. */
  public Path directory() {
    return dir;
  }

  /**
   * Recomputes the SHA-256 of every shard (reads the whole dataset once).
   *
   * @throws DatasetException naming the first shard whose checksum differs from the manifest's
   */
  public void verify() {
    byte[] buffer = new byte[1 << 16];
    for (DatasetManifest.ShardInfo shard : manifest.shards()) {
      MessageDigest digest;
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      try (InputStream in = Files.newInputStream(dir.resolve(shard.file()))) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + shard.file(), e);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equalsIgnoreCase(shard.sha256())) {
        throw new DatasetException(
            "SHA-256 mismatch for "
                + shard.file()
                + ": file has "
                + actual
                + ", manifest says "
                + shard.sha256());
      }
    }
  }

  @Override
  public PropertySchema schema() {
    return schema;
  }

  @Override
  public ClipShape clipShape() {
    return manifest.clipShape();
  }

  /** The split {@link #stream(Partition)} uses; see the class comment. */
  public SplitDefinition defaultSplit() {
    if (defaultSplit == null) {
      throw new IllegalStateException("dataset " + dir + " has no splits");
    }
    return defaultSplit;
  }

  /** The clips of {@code partition} in the default split. */
  @Override
  public Stream<LabelledClip> stream(Partition partition) {
    return openStream(defaultSplit(), partition);
  }

  /**
   * The clips of {@code partition} in the split named {@code split}.
   *
   * @throws IllegalArgumentException naming the known splits if there is no such split
   */
  public Stream<LabelledClip> stream(String split, Partition partition) {
    return openStream(manifest.split(split), partition);
  }

  @Override
  public Stream<LabelledClip> streamAll() {
    return openStream(null, null);
  }

  /** Number of clips of {@code partition} in the default split, from the manifest. */
  @Override
  public long count(Partition partition) {
    return count(defaultSplit().name(), partition);
  }

  /** Number of clips of {@code partition} in split {@code split}, from the manifest. */
  public long count(String split, Partition partition) {
    manifest.split(split);
    return manifest
        .partitionCounts()
        .getOrDefault(split, java.util.Map.of())
        .getOrDefault(partition, 0L);
  }

  /** A source serving the partitions of the split named {@code name}, sharing this reader. */
  public ClipSource split(String name) {
    SplitDefinition split = manifest.split(name);
    DatasetReader self = this;
    return new ClipSource() {
      @Override
      public PropertySchema schema() {
        return schema;
      }

      @Override
      public ClipShape clipShape() {
        return manifest.clipShape();
      }

      @Override
      public Stream<LabelledClip> stream(Partition partition) {
        return self.openStream(split, partition);
      }

      @Override
      public long count(Partition partition) {
        return self.count(name, partition);
      }

      @Override
      public Stream<LabelledClip> streamAll() {
        return self.streamAll();
      }

      @Override
      public void close() {}
    };
  }

  private Stream<LabelledClip> openStream(SplitDefinition split, Partition partition) {
    ShardSequenceIterator it = new ShardSequenceIterator(dir, manifest, schema, split, partition);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(it::close);
  }

  /** Nothing to release: every stream owns its open file. */
  @Override
  public void close() {}
}
