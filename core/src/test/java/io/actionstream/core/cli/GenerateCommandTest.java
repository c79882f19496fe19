package io.actionstream.core.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.DatasetReader;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GenerateCommandTest {
  private static final String[] TINY = {"--frames", "4", "--size", "32", "--shard-size", "8"};

  @TempDir Path tmp;

  static CliRun generate(Path out, String... more) {
    String[] args = new String[2 + TINY.length + more.length];
    args[0] = "generate";
    args[1] = "--out=" + out;
    System.arraycopy(TINY, 0, args, 2, TINY.length);
    System.arraycopy(more, 0, args, 2 + TINY.length, more.length);
    return CliRun.run(args);
  }

  @Test
  void shouldWriteReadableDatasetWhoseClipsEqualTheGenerators() {
    Path out = tmp.resolve("ds");
    CliRun run = generate(out, "--clips", "30", "--seed", "7", "--threads", "2");
    assertEquals(0, run.exitCode(), run.describe());

    ActionClipGenerator generator =
        new ActionClipGenerator(GeneratorConfig.builder().frames(4).size(32, 32).seed(7).build());
    try (DatasetReader reader = DatasetReader.open(out);
        Stream<LabelledClip> all = reader.streamAll()) {
      assertEquals(30, reader.manifest().count());
      assertEquals(4, reader.manifest().shards().size()); // 8 + 8 + 8 + 6
      assertEquals(7, reader.manifest().seed());
      List<LabelledClip> clips = all.toList();
      assertEquals(30, clips.size());
      for (int i = 0; i < clips.size(); i++) {
        LabelledClip expected = generator.generate(i);
        assertEquals(String.valueOf(i), clips.get(i).id());
        assertEquals(expected.sentence(), clips.get(i).sentence(), "sentence of clip " + i);
        assertArrayEquals(expected.clip().pixels(), clips.get(i).clip().pixels(), "clip " + i);
      }
      assertEquals(7, reader.manifest().generator().get("seed").asLong());
      assertEquals(4, reader.manifest().generator().get("frames").asInt());
    }
    assertTrue(run.out().contains("wrote 30 clips"), run.describe());
    assertTrue(run.out().contains("clips/s with 2 threads"), run.describe());
  }

  @Test
  void shouldWriteIdenticalShardsForOneAndTwoThreads() throws Exception {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    assertEquals(0, generate(one, "--clips", "40", "--threads", "1").exitCode());
    assertEquals(0, generate(two, "--clips", "40", "--threads", "2").exitCode());

    try (DatasetReader a = DatasetReader.open(one);
        DatasetReader b = DatasetReader.open(two)) {
      assertEquals(5, a.manifest().shards().size());
      assertEquals(a.manifest().shards(), b.manifest().shards()); // names, sizes and SHA-256s
      for (var shard : a.manifest().shards()) {
        assertArrayEquals(
            Files.readAllBytes(one.resolve(shard.file())),
            Files.readAllBytes(two.resolve(shard.file())),
            shard.file());
      }
      assertEquals(a.manifest().partitionCounts(), b.manifest().partitionCounts());
    }
  }

  @Test
  void shouldRefuseNonEmptyOutWithoutForce() throws Exception {
    Path out = tmp.resolve("ds");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine");

    CliRun refused = generate(out, "--clips", "5");

    assertEquals(DataCli.EXIT_RUNTIME, refused.exitCode(), refused.describe());
    assertTrue(refused.err().contains("is not empty; pass --force"), refused.describe());
    assertEquals(1, refused.err().lines().count(), refused.describe());
    assertFalse(Files.exists(out.resolve("manifest.json")));
  }

  @Test
  void shouldReplaceAnExistingDatasetWithForce() throws Exception {
    Path out = tmp.resolve("ds");
    assertEquals(0, generate(out, "--clips", "20").exitCode());
    assertEquals(DataCli.EXIT_RUNTIME, generate(out, "--clips", "5").exitCode());

    CliRun forced = generate(out, "--clips", "5", "--force");

    assertEquals(0, forced.exitCode(), forced.describe());
    try (DatasetReader reader = DatasetReader.open(out)) {
      assertEquals(5, reader.manifest().count());
      assertEquals(1, reader.manifest().shards().size());
    }
    try (Stream<Path> shards = Files.list(out.resolve("shards"))) {
      assertEquals(1, shards.count(), "old shards removed");
    }
  }

  @Test
  void shouldWriteContactSheetOfTheFirstClips() throws Exception {
    Path sheet = tmp.resolve("sheets/sheet.png");
    CliRun run =
        generate(
            tmp.resolve("ds"),
            "--clips",
            "12",
            "--contact-sheet",
            sheet.toString(),
            "--sheet-clips",
            "3");
    assertEquals(0, run.exitCode(), run.describe());

    BufferedImage png = ImageIO.read(sheet.toFile());
    try (DatasetReader reader = DatasetReader.open(tmp.resolve("ds"));
        Stream<LabelledClip> first = reader.streamAll()) {
      BufferedImage expected =
          io.actionstream.core.synth.ContactSheet.render(first.limit(3).toList(), 8);
      assertEquals(expected.getWidth(), png.getWidth());
      assertEquals(expected.getHeight(), png.getHeight());
    }
  }

  @Test
  void shouldShowProgressOnStderr() {
    CliRun run = generate(tmp.resolve("ds"), "--clips", "10", "--threads", "1");
    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.err().contains("generate ["), run.describe());
    assertTrue(run.err().contains("10/10 100%"), run.describe());
  }

  @Test
  void shouldRecordPartitionCountsThatAddUpAndPrintThem() {
    Path out = tmp.resolve("ds");
    CliRun run = generate(out, "--clips", "24");
    assertEquals(0, run.exitCode(), run.describe());
    try (DatasetReader reader = DatasetReader.open(out)) {
      long sum =
          reader.manifest().partitionCounts().get("iid").values().stream()
              .mapToLong(Long::longValue)
              .sum();
      assertEquals(24, sum);
      long train = reader.count("iid", Partition.TRAIN);
      assertTrue(
          run.out().lines().anyMatch(l -> l.startsWith("iid ") && l.contains(" " + train + " ")),
          run.describe());
    }
  }
}
