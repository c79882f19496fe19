package io.actionstream.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proves that reading streams: a ~118 MB dataset is read in full by a JVM capped at 48 MB. */
class MemoryCapTest {
  private static final int CLIPS = 600;
  private static final ClipShape SHAPE = new ClipShape(16, 64, 64);
  private static final String HEAP = "-Xmx48m";

  @TempDir Path tmp;

  @Test
  @Timeout(120)
  void shouldReadADatasetLargerThanTheHeapOfAChildJvm() throws Exception {
    PropertySchema schema = PropertySchema.defaultSchema();
    Path dir = tmp.resolve("big");
    CRC32 crc = new CRC32();
    try (DatasetWriter writer = DatasetWriter.builder(dir, schema).optShardSize(128).build()) {
      Iterator<LabelledClip> clips = TestClips.clips(schema, CLIPS, SHAPE);
      while (clips.hasNext()) {
        LabelledClip clip = clips.next();
        crc.update(clip.clip().pixels());
        writer.add(clip);
      }
    }
    long bytes = 0;
    try (DatasetReader reader = DatasetReader.open(dir)) {
      for (DatasetManifest.ShardInfo shard : reader.manifest().shards()) {
        bytes += shard.bytes();
      }
    }
    assertTrue(bytes > 100L << 20, "dataset must exceed 100 MiB, is " + bytes);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    HEAP,
                    "-cp",
                    System.getProperty("java.class.path"),
                    MemoryCapReaderMain.class.getName(),
                    dir.toString()))
            .redirectErrorStream(true)
            .start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, process.exitValue(), "child JVM failed:\n" + output);
    assertTrue(
        output.endsWith("clips=" + CLIPS + " crc=" + crc.getValue()),
        "child JVM printed:\n" + output);
  }
}
