package io.actionstream.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterReaderTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static final ClipShape SHAPE = new ClipShape(4, 8, 6);

  @TempDir Path tmp;

  private Path write(int count, boolean deflate) throws IOException {
    Path dir = tmp.resolve("ds");
    try (DatasetWriter writer =
        DatasetWriter.builder(dir, SCHEMA)
            .optSeed(9)
            .optShardSize(7)
            .optDeflate(deflate)
            .optGenerator(new ObjectMapper().readTree("{\"frames\":4,\"noise\":0.1}"))
            .optClock(Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC))
            .build()) {
      writer.addAll(TestClips.clips(SCHEMA, count, SHAPE));
    }
    return dir;
  }

  @Test
  void shouldRoundTripEveryClipAndWriteAManifest() throws IOException {
    for (boolean deflate : new boolean[] {false, true}) {
      Path dir = write(30, deflate);
      try (DatasetReader reader = DatasetReader.open(dir)) {
        reader.verify();
        DatasetManifest m = reader.manifest();
        assertEquals(DatasetManifest.FORMAT_VERSION, m.formatVersion());
        assertEquals(30, m.count());
        assertEquals(List.of(7L, 7L, 7L, 7L, 2L), m.shards().stream().map(s -> s.clips()).toList());
        assertEquals("shards/shard-00004.bin", m.shards().get(4).file());
        assertEquals(SHAPE, m.clipShape());
        assertEquals(0.1, m.generator().get("noise").asDouble());
        assertEquals("2025-01-02T03:04:05Z", m.createdAt());
        assertEquals(SCHEMA, m.propertySchema());
        assertEquals(Splits.standard(SCHEMA, 9), m.splits());
        try (Stream<LabelledClip> all = reader.streamAll()) {
          List<LabelledClip> clips = all.toList();
          assertEquals(30, clips.size());
          for (int i = 0; i < clips.size(); i++) {
            assertEquals(TestClips.clip(SCHEMA, i, SHAPE), clips.get(i));
          }
        }
      }
      deleteRecursively(dir);
    }
  }

  @Test
  void shouldStreamEachPartitionAsAssignedAndCountedInTheManifest() throws IOException {
    Path dir = write(200, false);
    try (DatasetReader reader = DatasetReader.open(dir)) {
      for (SplitDefinition split : reader.manifest().splits()) {
        Map<Partition, Long> seen = new EnumMap<>(Partition.class);
        for (Partition p : Partition.values()) {
          try (Stream<LabelledClip> clips = reader.stream(split.name(), p)) {
            clips.forEach(
                c -> {
                  assertEquals(p, split.assign(Long.parseLong(c.id()), c.sentence()));
                  seen.merge(p, 1L, Long::sum);
                });
          }
          seen.putIfAbsent(p, 0L);
        }
        assertEquals(reader.manifest().partitionCounts().get(split.name()), seen, split.name());
        assertEquals(200, seen.values().stream().mapToLong(Long::longValue).sum());
      }
      try (Stream<LabelledClip> train =
          reader.split("comp-colour-shape-hard").stream(Partition.TRAIN)) {
        assertEquals(reader.count("comp-colour-shape-hard", Partition.TRAIN), train.count());
      }
      try (Stream<LabelledClip> iid = reader.stream(Partition.VAL)) {
        assertEquals(reader.count("iid", Partition.VAL), iid.count());
      }
    }
  }

  @Test
  void shouldRefuseAMissingManifestOrAnotherFormatVersion() throws IOException {
    DatasetException missing = assertThrows(DatasetException.class, () -> DatasetReader.open(tmp));
    assertTrue(missing.getMessage().contains("no manifest.json"), missing.getMessage());

    Path dir = write(3, false);
    Path manifest = dir.resolve("manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
    DatasetException version = assertThrows(DatasetException.class, () -> DatasetReader.open(dir));
    assertTrue(version.getMessage().contains("format version 99"), version.getMessage());
  }

  @Test
  void shouldReportAChecksumMismatchOnVerify() throws IOException {
    Path dir = write(10, false);
    try (RandomAccessFile f =
        new RandomAccessFile(dir.resolve("shards/shard-00001.bin").toFile(), "rw")) {
      f.seek(100);
      f.write(f.read() ^ 0xFF);
    }
    try (DatasetReader reader = DatasetReader.open(dir)) {
      DatasetException e = assertThrows(DatasetException.class, reader::verify);
      assertTrue(
          e.getMessage().contains("SHA-256 mismatch for shards/shard-00001.bin"), e.getMessage());
    }
  }

  @Test
  void shouldReportATruncatedShard() throws IOException {
    Path dir = write(10, false);
    Path shard = dir.resolve("shards/shard-00000.bin");
    long size = Files.size(shard);
    try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
      f.setLength(size - 50);
    }
    DatasetException atOpen = assertThrows(DatasetException.class, () -> DatasetReader.open(dir));
    assertTrue(atOpen.getMessage().startsWith("truncated shard"), atOpen.getMessage());

    // A shard truncated after opening is caught while streaming.
    Files.delete(shard);
    Path dir2 = tmp.resolve("ds2");
    Files.move(dir, dir2);
    Path shard2 = dir2.resolve("shards/shard-00000.bin");
    Files.createFile(shard2);
    try (RandomAccessFile f = new RandomAccessFile(shard2.toFile(), "rw")) {
      f.setLength(0);
    }
    assertThrows(DatasetException.class, () -> DatasetReader.open(dir2));
  }

  @Test
  void shouldDetectTruncationWhileStreaming() throws IOException {
    Path dir = write(10, false);
    DatasetReader reader = DatasetReader.open(dir);
    Path shard = dir.resolve("shards/shard-00000.bin");
    try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
      f.setLength(Files.size(shard) - 50);
    }
    try (Stream<LabelledClip> all = reader.streamAll()) {
      DatasetException e = assertThrows(DatasetException.class, () -> all.forEach(c -> {}));
      assertTrue(e.getMessage().contains("truncated shard shards/shard-00000.bin"), e.getMessage());
    }
  }

  @Test
  void shouldRejectClipsOfAnotherShapeAndNonNumericIds() throws IOException {
    try (DatasetWriter writer = DatasetWriter.builder(tmp.resolve("x"), SCHEMA).build()) {
      writer.add(TestClips.clip(SCHEMA, 0, SHAPE));
      LabelledClip other = TestClips.clip(SCHEMA, 1, new ClipShape(4, 8, 8));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> writer.add(other));
      assertTrue(e.getMessage().contains("4x8x6"), e.getMessage());
      LabelledClip named =
          new LabelledClip(
              "a.mp4", TestClips.clip(SCHEMA, 2, SHAPE).clip(), TestClips.sentence(SCHEMA, 2));
      assertThrows(IllegalArgumentException.class, () -> writer.add(named));
      writer.add(5, named);
      assertEquals(2, writer.count());
    }
    assertThrows(
        DatasetException.class, () -> DatasetWriter.builder(tmp.resolve("x"), SCHEMA).build());
  }

  @Test
  void shouldWriteAnEmptyDataset() throws IOException {
    Path dir = tmp.resolve("empty");
    DatasetWriter.builder(dir, SCHEMA).optClipShape(SHAPE).build().close();
    try (DatasetReader reader = DatasetReader.open(dir);
        Stream<LabelledClip> s = reader.streamAll()) {
      assertEquals(0, s.count());
      assertEquals(SHAPE, reader.clipShape());
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
