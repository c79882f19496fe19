package io.actionstream.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
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

  /** A shard of one record whose fields are as given and whose payload is {@code data}. */
  private static byte[] shard(int flags, int t, int h, int w, long payloadField, byte[] data)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      ShardFormat.writeHeader(out);
      byte[] text = "small red square slides left".getBytes(StandardCharsets.UTF_8);
      long headerBytes = 1 + 8 + 2 + text.length + 6 + 8 + 8L * t + 4;
      out.writeInt((int) (headerBytes + payloadField));
      out.writeByte(flags);
      out.writeLong(0);
      out.writeShort(text.length);
      out.write(text);
      out.writeShort(t);
      out.writeShort(h);
      out.writeShort(w);
      out.writeLong(0);
      for (int i = 0; i < t; i++) {
        out.writeLong(i);
      }
      out.writeInt((int) payloadField);
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static ShardRecordReader reader(byte[] shard, ClipShape shape) throws IOException {
    return new ShardRecordReader(new ByteArrayInputStream(shard), "crafted.bin", shape);
  }

  @Test
  void shouldRefuseAHugePayloadLengthBeforeAllocatingIt() throws IOException {
    byte[] crafted = shard(0, 4, 8, 6, 0x7FFF_FFF0L, new byte[16]);
    try (ShardRecordReader reader = reader(crafted, SHAPE)) {
      DatasetException e = assertThrows(DatasetException.class, reader::nextHeader);
      assertTrue(
          e.getMessage().contains("raw payload of 2147483632 bytes, expected 576"), e.getMessage());
    }
    byte[] deflated = shard(ShardFormat.FLAG_DEFLATED, 4, 8, 6, 0xFFFF_FFF0L, new byte[16]);
    try (ShardRecordReader reader = reader(deflated, SHAPE)) {
      DatasetException e = assertThrows(DatasetException.class, reader::nextHeader);
      assertTrue(e.getMessage().contains("deflated payload of"), e.getMessage());
    }
  }

  @Test
  void shouldRefuseARecordOfAnotherShapeThanTheManifest() throws IOException {
    byte[] crafted = shard(0, 4, 8, 8, 4 * 8 * 8 * 3, new byte[4 * 8 * 8 * 3]);
    try (ShardRecordReader reader = reader(crafted, SHAPE)) {
      DatasetException e = assertThrows(DatasetException.class, reader::nextHeader);
      assertTrue(
          e.getMessage().contains("is 4x8x8, the manifest's clip shape is 4x8x6"), e.getMessage());
    }
  }

  @Test
  void shouldRefuseAClipTooLargeForMemoryWithoutIntOverflow() throws IOException {
    ClipShape huge = new ClipShape(256, 4096, 4096); // 12.9 GB of pixels: the int product overflows
    byte[] crafted = shard(ShardFormat.FLAG_DEFLATED, 256, 4096, 4096, 10, new byte[10]);
    try (ShardRecordReader reader = reader(crafted, huge)) {
      ShardRecordReader.Header header = reader.nextHeader();
      DatasetException e = assertThrows(DatasetException.class, () -> reader.readClip(header));
      assertTrue(e.getMessage().contains("12884901888 pixel bytes"), e.getMessage());
    }
  }

  @Test
  void shouldCloseTheStreamWhenTheShardHeaderCannotBeRead() {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk error");
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    IOException e =
        assertThrows(IOException.class, () -> new ShardRecordReader(failing, "x.bin", SHAPE));
    assertEquals("disk error", e.getMessage());
    assertTrue(closed.get(), "stream closed");
  }

  @Test
  void shouldStillReadRawAndDeflatedShards() throws IOException {
    for (boolean deflate : new boolean[] {false, true}) {
      Path dir = tmp.resolve("ok-" + deflate);
      try (DatasetWriter writer = DatasetWriter.builder(dir, SCHEMA).optDeflate(deflate).build()) {
        writer.addAll(TestClips.clips(SCHEMA, 3, SHAPE));
      }
      try (DatasetReader reader = DatasetReader.open(dir);
          Stream<LabelledClip> all = reader.streamAll()) {
        assertEquals(
            List.of(
                TestClips.clip(SCHEMA, 0, SHAPE),
                TestClips.clip(SCHEMA, 1, SHAPE),
                TestClips.clip(SCHEMA, 2, SHAPE)),
            all.toList());
      }
    }
  }

  @Test
  void deflateBoundCoversIncompressibleData() throws IOException {
    byte[] noise = new byte[200_000];
    new java.util.Random(1).nextBytes(noise);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      Clip clip =
          new Clip(
              1,
              1,
              noise.length / 3 + 1,
              java.util.Arrays.copyOf(noise, (noise.length / 3 + 1) * 3),
              0,
              new long[1]);
      ShardFormat.writeRecord(out, 0, "x", clip, true);
    }
    long payload = bytes.size() - (4 + 1 + 8 + 2 + 1 + 6 + 8 + 8 + 4);
    long raw = (noise.length / 3 + 1) * 3L;
    assertTrue(payload > raw, "noise does not compress");
    assertTrue(payload <= ShardRecordReader.deflateBound(raw), payload + " > bound");
  }
}
