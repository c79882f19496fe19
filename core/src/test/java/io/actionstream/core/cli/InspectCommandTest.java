package io.actionstream.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.dataset.DatasetReader;
import io.actionstream.core.dataset.Partition;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class InspectCommandTest {
  @TempDir Path tmp;
  private Path dataset;

  @BeforeEach
  void generate() {
    dataset = tmp.resolve("ds");
    CliRun run = GenerateCommandTest.generate(dataset, "--clips", "20", "--seed", "5");
    assertEquals(0, run.exitCode(), run.describe());
  }

  @Test
  void shouldPrintSummaryAndTheSplitTable() {
    CliRun run = CliRun.run("inspect", dataset.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().contains("clips      20 of 4x32x32"), run.describe());
    assertTrue(run.out().contains("shards     3,"), run.describe());
    assertTrue(run.out().contains("seed       5"), run.describe());
    assertTrue(run.out().contains("size(2) colour(6) shape(4) action(8)"), run.describe());
    assertTrue(
        run.out()
            .lines()
            .anyMatch(l -> l.matches("split +train +val +test +test_comp +held-out pairs")),
        run.describe());
    try (DatasetReader reader = DatasetReader.open(dataset)) {
      Map<Partition, Long> hard = reader.manifest().partitionCounts().get("comp-colour-shape-hard");
      String expected =
          "comp-colour-shape-hard +"
              + hard.get(Partition.TRAIN)
              + " +"
              + hard.get(Partition.VAL)
              + " +"
              + hard.get(Partition.TEST)
              + " +"
              + hard.get(Partition.TEST_COMP)
              + " +18";
      assertTrue(run.out().lines().anyMatch(l -> l.matches(expected)), expected + run.describe());
    }
    assertEquals(
        10, run.out().lines().filter(l -> l.matches("(iid|comp-).*")).count(), "1 iid + 9 comp");
  }

  @Test
  void shouldSayOkWhenVerifyFindsAllChecksumsMatch() {
    CliRun run = CliRun.run("inspect", dataset.toString(), "--verify");
    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().contains("verify     OK"), run.describe());
  }

  @Test
  void shouldNameTheCorruptedShardAndFailWithVerify() throws Exception {
    Path shard = dataset.resolve("shards/shard-00001.bin");
    try (RandomAccessFile file = new RandomAccessFile(shard.toFile(), "rw")) {
      file.seek(1000);
      int b = file.read();
      file.seek(1000);
      file.write(b ^ 0x01);
    }

    CliRun plain = CliRun.run("inspect", dataset.toString());
    CliRun verified = CliRun.run("inspect", dataset.toString(), "--verify");

    assertEquals(0, plain.exitCode(), "same size, so only --verify can tell: " + plain.describe());
    assertEquals(DataCli.EXIT_RUNTIME, verified.exitCode(), verified.describe());
    assertTrue(
        verified.err().contains("SHA-256 mismatch for shards/shard-00001.bin"),
        verified.describe());
    assertTrue(!verified.out().contains("OK"), verified.describe());
  }
}
