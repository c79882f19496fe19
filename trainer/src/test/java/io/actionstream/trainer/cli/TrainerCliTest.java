package io.actionstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.run.DataSources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainerCliTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = TrainerCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static final String[] TINY = {
    "--set",
    "model.frames=4",
    "--set",
    "model.height=32",
    "--set",
    "model.width=32",
    "--set",
    "model.stem_channels=[8]",
    "--set",
    "model.hidden_channels=[8]",
    "--set",
    "model.head_hidden=16",
    "--set",
    "data.synthetic.clips=64"
  };

  private String[] args(String... first) {
    String[] all = new String[first.length + TINY.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(TINY, 0, all, first.length, TINY.length);
    return all;
  }

  @Test
  void debugTrainingThenEvaluateAndSummarizeShouldSucceed() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(
        0,
        run(args("train", "--debug", "--no-progress", "--output", run.toString())),
        err.toString());
    assertTrue(out.toString().contains("| val |"), out.toString());
    assertEquals(1, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    assertTrue(Files.readString(run.resolve("config.yaml")).contains("max_batches_per_epoch: 2"));

    assertEquals(0, run("evaluate", "--run", run.toString()), err.toString());
    assertTrue(Files.exists(run.resolve("eval-iid").resolve("evaluation.md")));

    assertEquals(0, run("summarize", run.toString()), err.toString());
    long trainClips;
    try (ClipSource data =
        DataSources.open(TrainConfigLoader.loadRun(run.resolve("config.yaml"), Map.of()))) {
      trainClips = data.count(Partition.TRAIN);
    }
    assertTrue(
        out.toString()
            .contains(
                "| iid | slots | input | supervised | off | – | all at once | "
                    + trainClips
                    + " | 1 |"),
        out.toString());
  }

  @Test
  void badConfigValueShouldBeAUsageErrorNamingTheKey() {
    assertEquals(
        2,
        run(
            args(
                "train",
                "--set",
                "training.batch_size=0",
                "--output",
                dir.resolve("x").toString())),
        err.toString());
    assertTrue(err.toString().contains("training.batch_size"), err.toString());
    assertTrue(Files.notExists(dir.resolve("x")), "nothing written before validation");
  }

  @Test
  void missingRunDirectoryShouldBeARuntimeError() {
    assertEquals(1, run("evaluate", "--run", dir.resolve("nope").toString()));
    assertTrue(err.toString().contains("config.yaml"), err.toString());
  }

  @Test
  void retrainShouldExit2NamingABadOptionBeforeReachingKafka() {
    int code = run("retrain", "--work-dir", dir.toString(), "--holdout", "1.5", "-b", "nowhere:1");
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("--holdout must be (0, 1), got 1.5"), err.toString());
    assertEquals(
        2,
        run("retrain", "--work-dir", dir.toString(), "--set", "training.epochs=0"),
        err.toString());
    assertTrue(err.toString().contains("training.epochs"), err.toString());
    assertEquals(
        2, run("retrain", "--work-dir", dir.toString(), "--target", "label.mean_slot_accuracy"));
    assertTrue(err.toString().contains("--target must be an accuracy"), err.toString());
    assertEquals(0, run("retrain", "--help"), err.toString());
    assertTrue(out.toString().contains("--labels-topic"), out.toString());
  }
}
