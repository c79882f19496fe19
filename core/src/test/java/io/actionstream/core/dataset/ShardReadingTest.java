package io.actionstream.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.schema.PropertySchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure paths of reading shard files: corrupt records and errors while closing. */
class ShardReadingTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static final ClipShape SHAPE = new ClipShape(4, 8, 6);

  @TempDir Path tmp;

  private Path write(int count) throws IOException {
    Path dir = tmp.resolve("ds");
    try (DatasetWriter writer = DatasetWriter.builder(dir, SCHEMA).optShardSize(100).build()) {
      writer.addAll(TestClips.clips(SCHEMA, count, SHAPE));
    }
    return dir;
  }

  @Test
  void shouldKeepTheReadErrorWhenClosingTheShardAlsoFails() throws IOException {
    Path dir = write(3);
    Path shard = dir.resolve("shards/shard-00000.bin");
    try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
      f.setLength(Files.size(shard) - 50);
    }
    DatasetManifest manifest = DatasetManifest.read(dir);
    ShardSequenceIterator it =
        new ShardSequenceIterator(
            dir,
            manifest,
            manifest.propertySchema(),
            null,
            null,
            file ->
                new FilterInputStream(Files.newInputStream(file)) {
                  @Override
                  public void close() throws IOException {
                    super.close();
                    throw new IOException("close failed");
                  }
                });
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> {
              while (it.hasNext()) {
                it.next();
              }
            });
    assertTrue(e.getMessage().startsWith("truncated shard"), e.getMessage());
    assertEquals(1, e.getSuppressed().length);
    assertTrue(e.getSuppressed()[0] instanceof UncheckedIOException, "suppressed close error");
  }
}
