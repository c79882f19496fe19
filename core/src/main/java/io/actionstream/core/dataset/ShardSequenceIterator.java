package io.actionstream.core.dataset;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Sentence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Iterates the clips of a dataset shard by shard, one open file at a time, optionally keeping only
 * one partition of one split (the pixels of other records are skipped, not read into memory).
 */
final class ShardSequenceIterator implements Iterator<LabelledClip>, AutoCloseable {
  /** Opens a shard file for reading. */
  @FunctionalInterface
  interface ShardOpener {
    InputStream open(Path file) throws IOException;
  }

  private static final int SENTENCE_CACHE_LIMIT = 4096;

  private final Path dir;
  private final DatasetManifest manifest;
  private final PropertySchema schema;
  private final SplitDefinition split;
  private final Partition partition;
  private final ShardOpener opener;
  private final Map<String, Sentence> sentences = new HashMap<>();
  private int shardIndex = -1;
  private ShardRecordReader reader;
  private LabelledClip next;
  private boolean done;

  /** Iterates every clip if {@code split} is null, else the clips of {@code partition}. */
  ShardSequenceIterator(
      Path dir,
      DatasetManifest manifest,
      PropertySchema schema,
      SplitDefinition split,
      Partition partition) {
    this(dir, manifest, schema, split, partition, Files::newInputStream);
  }

  /** As the other constructor, opening shard files with {@code opener} (tests inject failures). */
  ShardSequenceIterator(
      Path dir,
      DatasetManifest manifest,
      PropertySchema schema,
      SplitDefinition split,
      Partition partition,
      ShardOpener opener) {
    this.opener = opener;
    this.dir = dir;
    this.manifest = manifest;
    this.schema = schema;
    this.split = split;
    this.partition = partition;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        next = advance();
      } catch (IOException e) {
        throw closeAfter(new UncheckedIOException("cannot read dataset " + dir, e));
      } catch (RuntimeException e) {
        throw closeAfter(e);
      }
      done = next == null;
    }
    return next != null;
  }

  /**
   * Closes after {@code failure}; an error while closing is added to it as suppressed, so that it
   * never replaces the original error.
   */
  private RuntimeException closeAfter(RuntimeException failure) {
    try {
      close();
    } catch (RuntimeException closeError) {
      failure.addSuppressed(closeError);
    }
    return failure;
  }

  @Override
  public LabelledClip next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LabelledClip clip = next;
    next = null;
    return clip;
  }

  private LabelledClip advance() throws IOException {
    while (true) {
      if (reader == null && !openNextShard()) {
        return null;
      }
      ShardRecordReader.Header header = reader.nextHeader();
      if (header == null) {
        finishShard();
        continue;
      }
      Sentence sentence = sentence(header.sentence());
      if (split != null && split.assign(header.clipIndex(), sentence) != partition) {
        reader.skipPixels(header);
        continue;
      }
      // ShardRecordReader has checked the record's shape against the manifest's.
      return new LabelledClip(Long.toString(header.clipIndex()), reader.readClip(header), sentence);
    }
  }

  private Sentence sentence(String text) {
    Sentence s = sentences.get(text);
    if (s == null) {
      try {
        s = schema.parse(text);
      } catch (SchemaException e) {
        throw new DatasetException("corrupt record in " + currentName() + ": " + e.getMessage(), e);
      }
      if (sentences.size() < SENTENCE_CACHE_LIMIT) {
        sentences.put(text, s);
      }
    }
    return s;
  }

  private boolean openNextShard() throws IOException {
    shardIndex++;
    if (shardIndex >= manifest.shards().size()) {
      return false;
    }
    String name = currentName();
    reader = new ShardRecordReader(opener.open(dir.resolve(name)), name, manifest.clipShape());
    return true;
  }

  private void finishShard() throws IOException {
    DatasetManifest.ShardInfo info = manifest.shards().get(shardIndex);
    int read = reader.recordsRead();
    reader.close();
    reader = null;
    if (read != info.clips()) {
      throw new DatasetException(
          "shard " + info.file() + " holds " + read + " clips, manifest says " + info.clips());
    }
  }

  private String currentName() {
    return manifest.shards().get(shardIndex).file();
  }

  @Override
  public void close() {
    done = true;
    next = null;
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        reader = null;
      }
    }
  }
}
