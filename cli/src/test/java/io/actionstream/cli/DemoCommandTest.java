package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code actionstream demo} end to end (its own broker, the topology, the bundled model) with
 * small numbers and checks its summary.
 */
@Tag("integration")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DemoCommandTest {
  @Test
  void shouldPredictEveryClipOnceAnswerQueriesAndDeadLetterTheMalformedFrame() {
    CliRun run = CliRun.of("demo", "--streams", "2", "--clips-per-stream", "3", "--fps", "100");
    assertEquals(0, run.exitCode(), run.toString());
    String out = run.out();
    assertTrue(
        out.contains("clips produced    6 (2 streams x 3 clips of 8 frames, 48 frames at 100 fps)"),
        out);
    assertTrue(out.contains("predictions       6 (one per clip: yes)"), out);
    // size and colour are 99% right on i.i.d. clips; shape (~42%) is not asserted
    assertTrue(slotCorrect(out, "size") >= 5, out);
    assertTrue(slotCorrect(out, "colour") >= 5, out);
    assertTrue(out.contains("queries answered  3 ([OK, OK, UNKNOWN_STREAM])"), out);
    assertTrue(out.contains("dead letters      1 [SIZE_MISMATCH]"), out);
    assertTrue(out.contains("answer demo-q1 cam-1 OK frames 16..23: colour="), out);
    assertTrue(out.contains("dead letter from frames["), out);
  }

  private static int slotCorrect(String out, String slot) {
    Matcher m = Pattern.compile("accuracy .* " + slot + " (\\d+)/6").matcher(out);
    assertTrue(m.find(), "no " + slot + " accuracy in\n" + out);
    return Integer.parseInt(m.group(1));
  }
}
