package io.actionstream.cli.demo;

import io.actionstream.core.wire.Answer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What a demo run saw, and its summary.
 *
 * @param streams synthetic streams
 * @param clipsPerStream clips per stream
 * @param frames frames sent
 * @param fps frames per second per stream
 * @param clips clips the frames make
 * @param predictions predictions received
 * @param duplicates predictions of a clip that already had one
 * @param scores per-slot accuracy
 * @param answers answers to the demo's queries
 * @param deadLetters {@code as.dlq.error} of each dead letter seen
 * @param seconds wall-clock time of the whole run
 */
public record DemoReport(
    int streams,
    int clipsPerStream,
    long frames,
    double fps,
    int clips,
    int predictions,
    int duplicates,
    Scoreboard scores,
    List<Answer> answers,
    List<String> deadLetters,
    double seconds) {

  /** Whether every clip got exactly one prediction. */
  public boolean onePredictionPerClip() {
    return predictions == clips && duplicates == 0;
  }

  /** Prints the summary block. */
  public void print(PrintWriter out) {
    out.println("summary");
    out.printf(
        Locale.ROOT,
        "  clips produced    %d (%d streams x %d clips of %d frames, %d frames at %s fps)%n",
        clips,
        streams,
        clipsPerStream,
        DemoModel.input().frames(),
        frames,
        fps % 1 == 0 ? Long.toString((long) fps) : Double.toString(fps));
    out.printf(
        Locale.ROOT,
        "  predictions       %d (one per clip: %s)%n",
        predictions,
        onePredictionPerClip() ? "yes" : "NO, " + duplicates + " duplicates");
    out.printf("  accuracy          %s%n", scores.summary());
    out.printf(
        "  queries answered  %d (%s)%n",
        answers.size(), answers.stream().map(a -> a.status().name()).toList());
    out.printf(
        "  dead letters      %d %s%n",
        deadLetters.size(), deadLetters.isEmpty() ? "" : deadLetters.toString());
    out.printf(Locale.ROOT, "  elapsed           %.1f s%n", seconds);
    out.flush();
  }
}
