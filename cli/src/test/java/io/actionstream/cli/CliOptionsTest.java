package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option parsing and validation: every bad command line exits with 2 naming the option. */
class CliOptionsTest {
  @TempDir Path dir;

  private static void assertUsageError(String expected, String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains(expected), run.toString());
    assertEquals("", run.out(), "nothing may run: " + run);
  }

  @Test
  void shouldRefuseAFrameRateOutOfRange() {
    assertUsageError(
        "actionstream produce: Invalid value for option '--fps': expected a frame rate > 0 and"
            + " <= 1000, got -1.0",
        "produce",
        "--synthetic",
        "2",
        "--fps",
        "-1");
    assertUsageError("'--fps'", "produce", "--synthetic", "1", "--fps", "0");
    assertUsageError("'--fps'", "produce", "--synthetic", "1", "--fps", "5000");
    assertUsageError("'--fps'", "demo", "--fps", "0");
    assertUsageError("'--fps'", "produce", "--synthetic", "1", "--fps", "fast");
  }

  @Test
  void shouldRequireExactlyOneSource() {
    assertUsageError("Missing required argument", "produce");
    assertUsageError("--folder", "produce");
    assertUsageError(
        "mutually exclusive", "produce", "--folder", dir.toString(), "--synthetic", "2");
  }

  @Test
  void shouldNameTheBadSourceFolder() {
    assertUsageError(
        "Invalid value for option '--folder': " + dir.resolve("missing") + " is not a directory",
        "produce",
        "--folder",
        dir.resolve("missing").toString());
    assertUsageError("holds no .png/.jpg/.jpeg images", "produce", "--folder", dir.toString());
  }

  @Test
  void shouldRefuseAnUnknownPropertyInAsk() {
    assertUsageError(
        "actionstream query: Invalid value for option '--ask': unknown property 'texture',"
            + " expected some of [size, colour, shape, action]",
        "query",
        "--stream-id",
        "cam-1",
        "--ask",
        "colour,texture");
    assertUsageError(
        "a property is named twice", "query", "--stream-id", "cam-1", "--ask", "colour,colour");
    assertUsageError("Missing required option: '--ask", "query", "--stream-id", "cam-1");
  }

  @Test
  void shouldRefuseOtherBadValues() {
    assertUsageError(
        "'--encoding': expected raw, png or jpeg, got 'gif'",
        "produce",
        "--synthetic",
        "1",
        "--encoding",
        "gif");
    assertUsageError("'--frames'", "produce", "--synthetic", "1", "--frames", "1");
    assertUsageError("'--synthetic'", "produce", "--synthetic", "0");
    assertUsageError(
        "'--show': expected some of [predictions, answers, dlq], got 'frames'",
        "watch",
        "--show",
        "predictions,frames");
    assertUsageError("'--streams': expected 1..20, got 0", "demo", "--streams", "0");
    assertUsageError(
        "'--size': expected N or WxH such as 640x480, got '640x'",
        "produce",
        "--synthetic",
        "1",
        "--size",
        "640x");
    assertUsageError("'--size'", "produce", "--synthetic", "1", "--size", "5000x480");
    assertUsageError("'--size'", "demo", "--size", "wide");
    assertUsageError("'--encoding'", "demo", "--encoding", "gif");
    assertUsageError(
        "'--policy': camera frames need stretch, crop or letterbox",
        "ingest-bench",
        "--policy",
        "none");
    assertUsageError("'--sizes'", "ingest-bench", "--sizes", "640");
    assertUsageError("'--port': expected 0..65535, got 70000", "broker", "--port", "70000");
    assertUsageError("missing subcommand");
  }

  @Test
  void shouldRefuseBadBenchOptions() {
    assertUsageError(
        "actionstream bench: Invalid value for option '--clips': expected a multiple of --streams"
            + " (4), got 10",
        "bench",
        "--clips",
        "10",
        "--streams",
        "4");
    assertUsageError("'--batch-sizes': expected 1..256, got 0", "bench", "--batch-sizes", "1,0");
    assertUsageError("'--batch-sizes': expected no repeats", "bench", "--batch-sizes", "4,4");
    assertUsageError("'--latency-load': expected 0..1, got 2.0", "bench", "--latency-load", "2");
    assertUsageError("'--repeats'", "bench", "--repeats", "0");
    assertUsageError(
        "'--guarantee': expected exactly_once_v2 or at_least_once, got exactly_once",
        "bench",
        "--guarantee",
        "exactly_once");
    assertUsageError("'--commit-interval-ms'", "bench", "--commit-interval-ms", "0");
    assertUsageError(
        "'--set': inference.max.batch.size is set by the benchmark's own options",
        "bench",
        "--set",
        "inference.max.batch.size=4");
    assertUsageError(
        "'--set': unknown topology setting inference.max.in.flight",
        "bench",
        "--set",
        "inference.max.in.flight=2");
    assertUsageError(
        "'--set': Invalid value 17 for configuration inference.max.in.flight.batches",
        "bench",
        "--set",
        "inference.max.in.flight.batches=17");
    assertUsageError(
        "'--model': " + dir + " is not a model package", "bench", "--model", dir.toString());
  }
}
