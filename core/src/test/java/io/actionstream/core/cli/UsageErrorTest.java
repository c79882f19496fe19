package io.actionstream.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class UsageErrorTest {
  @TempDir Path tmp;

  private void assertUsageError(CliRun run, String option) {
    assertEquals(DataCli.EXIT_USAGE, run.exitCode(), run.describe());
    assertTrue(run.err().contains(option), "names " + option + ": " + run.describe());
    assertEquals(1, run.err().lines().count(), "one line: " + run.describe());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.describe());
  }

  @Test
  void shouldNameTheOptionWhoseValueDoesNotParse() {
    CliRun run = CliRun.run("generate", "--out", tmp.toString(), "--clips", "many");
    assertUsageError(run, "--clips");
  }

  @Test
  void shouldNameTheOptionWhoseValueIsOutOfRange() {
    CliRun run = CliRun.run("generate", "--out", tmp.resolve("x").toString(), "--frames", "1");
    assertUsageError(run, "--frames");
    assertTrue(run.err().contains("2..256"), run.describe());
    assertFalse(Files.exists(tmp.resolve("x")), "nothing written on a usage error");
  }

  @Test
  void shouldRejectNonPositiveThreadsAndClips() {
    assertUsageError(
        CliRun.run("generate", "--out", tmp.toString(), "--threads", "0"), "--threads");
    assertUsageError(CliRun.run("generate", "--out", tmp.toString(), "--clips", "0"), "--clips");
  }

  @Test
  void shouldNameAMissingRequiredOption() {
    assertUsageError(CliRun.run("generate", "--clips", "3"), "--out");
  }

  @Test
  void shouldRejectAnUnknownPartition() {
    assertUsageError(
        CliRun.run("contact-sheet", tmp.toString(), "--out", "x.png", "--partition", "holdout"),
        "--partition");
  }

  @Test
  void shouldPrintOneLineWithoutStackTraceForARuntimeError() {
    CliRun run = CliRun.run("inspect", tmp.resolve("missing").toString());
    assertEquals(DataCli.EXIT_RUNTIME, run.exitCode(), run.describe());
    assertTrue(run.err().contains("no manifest.json"), run.describe());
    assertEquals(1, run.err().lines().count(), run.describe());
  }

  @Test
  void shouldPrintTheStackTraceWithDebug() {
    CliRun run = CliRun.run("--debug", "inspect", tmp.resolve("missing").toString());
    assertEquals(DataCli.EXIT_RUNTIME, run.exitCode(), run.describe());
    assertTrue(run.err().contains("\tat "), run.describe());
    CliRun after = CliRun.run("inspect", "--debug", tmp.resolve("missing").toString());
    assertTrue(after.err().contains("\tat "), "--debug after the subcommand: " + after.describe());
  }

  @Test
  void shouldListSubcommandsAndExitCodesInHelp() {
    CliRun run = CliRun.run("--help");
    assertEquals(0, run.exitCode());
    for (String word : new String[] {"generate", "inspect", "contact-sheet", "Exit codes"}) {
      assertTrue(run.out().contains(word), word + ": " + run.describe());
    }
  }
}
