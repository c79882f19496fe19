package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.cli.demo.DemoModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Runs {@code actionstream demo --keep-running} end to end (its own broker, the inference service,
 * the bundled model) with small numbers: checks its summary, the numbers it read from the service's
 * {@code /metrics} against that summary, and, while it keeps running, its health endpoint and a
 * {@code query} against the bootstrap address it printed.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoCommandTest {
  private static final Pattern BOOTSTRAP = Pattern.compile("bootstrap\\.servers  (\\S+)");
  private static final Pattern HEALTH = Pattern.compile("health  +(http://\\S+/health/ready)");

  @Test
  void shouldPredictEveryClipOnceReportMatchingMetricsAndKeepRunningUntilStopped()
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = ActionStreamCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    DemoCommand demo = cl.getSubcommands().get("demo").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cl.execute(
                    "demo",
                    "--streams",
                    "2",
                    "--clips-per-stream",
                    "3",
                    "--fps",
                    "100",
                    "--keep-running"));
    String running = awaitLine(out, exit, "Ctrl-C stops");

    Matcher health = HEALTH.matcher(running.substring(running.indexOf("still running")));
    assertTrue(health.find(), running);
    HttpResponse<String> ready = get(health.group(1));
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(
        ready.body().contains("\"modelVersion\":\"" + DemoModel.VERSION + "\""), ready.body());
    Matcher bootstrap = BOOTSTRAP.matcher(running);
    assertTrue(bootstrap.find(), running);
    CliRun query =
        CliRun.of("query", "-b", bootstrap.group(1), "--stream-id", "cam-2", "--ask", "colour");
    assertEquals(0, query.exitCode(), query.toString());
    assertTrue(query.out().contains("answer q-"), query.out());

    demo.stop.countDown();
    assertEquals(0, exit.get(60, TimeUnit.SECONDS), out + "\n--- err\n" + err);
    String text = out.toString();
    assertTrue(text.contains("== shutting down"), text);
    assertTrue(
        text.contains(
            "clips produced    6 (2 streams x 3 clips of 8 frames, 48 frames at 100 fps)"),
        text);
    assertTrue(text.contains("predictions       6 (one per clip: yes)"), text);
    // every slot is at least 98.7% right on i.i.d. clips
    assertTrue(slotCorrect(text, "size") >= 5, text);
    assertTrue(slotCorrect(text, "colour") >= 5, text);
    assertTrue(slotCorrect(text, "shape") >= 5, text);
    assertTrue(text.contains("queries answered  3 ([OK, OK, UNKNOWN_STREAM])"), text);
    assertTrue(text.contains("dead letters      1 [SIZE_MISMATCH]"), text);
    assertTrue(text.contains("answer demo-q1 cam-1 OK frames 16..23: colour="), text);
    assertTrue(text.contains("dead letter from frames["), text);

    // what the service counted itself: 48 frames + the malformed one and 3 queries in (the 6
    // clips are assembled in memory); one prediction per clip, an answer per query, a dead letter
    assertTrue(text.contains("records in        frames 49, queries 3"), text);
    assertTrue(text.contains("records out       answers 3, dlq 1, predictions 6"), text);
    assertTrue(text.contains("  dead letters      1 (frames SIZE_MISMATCH 1)"), text);
    Matcher calls =
        Pattern.compile("inference calls   (\\d+), latency p50 ([0-9.]+) ms, p99 ([0-9.]+) ms")
            .matcher(text);
    assertTrue(calls.find(), text);
    assertEquals(6, Integer.parseInt(calls.group(1)), "one inference call per clip");
    double p50 = Double.parseDouble(calls.group(2));
    double p99 = Double.parseDouble(calls.group(3));
    assertTrue(p50 > 0 && p50 <= p99, "p50 " + p50 + " p99 " + p99);
    // two of the three queries reach the model (the third asks about an unknown stream)
    assertTrue(text.contains("query calls       2"), text);
  }

  @Test
  void shouldServeCameraSizedJpegFramesFittedToTheModel() {
    CliRun demo =
        CliRun.of(
            "demo",
            "--streams",
            "2",
            "--clips-per-stream",
            "3",
            "--fps",
            "100",
            "--size",
            "640x480",
            "--encoding",
            "jpeg");
    assertEquals(0, demo.exitCode(), demo.toString());
    String text = demo.out();
    assertTrue(text.contains("filmed at 640x480 as jpeg"), text);
    assertTrue(text.contains("frames.resize=crop"), text);
    assertTrue(text.contains("predictions       6 (one per clip: yes)"), text);
    assertTrue(slotCorrect(text, "size") >= 5, text);
    assertTrue(slotCorrect(text, "colour") >= 5, text);
    assertTrue(text.contains("records in        frames 49, queries 3"), text);
  }

  /** Waits until {@code out} contains {@code line} and returns the output so far. */
  private static String awaitLine(StringWriter out, CompletableFuture<Integer> exit, String line)
      throws InterruptedException {
    while (!out.toString().contains(line)) {
      assertTrue(!exit.isDone(), "the demo ended before '" + line + "':\n" + out);
      Thread.sleep(200);
    }
    return out.toString();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int slotCorrect(String out, String slot) {
    Matcher m = Pattern.compile("accuracy .* " + slot + " (\\d+)/6").matcher(out);
    assertTrue(m.find(), "no " + slot + " accuracy in\n" + out);
    return Integer.parseInt(m.group(1));
  }
}
