package io.actionstream.trainer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.eval.SlotAccuracy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation report shows exact tables and its JSON reads back to the same results. */
class EvaluationReportTest {
  @TempDir Path dir;

  static EvaluationResult val() {
    SlotAccuracy size =
        new SlotAccuracy("size", List.of("small", "large"), 9, 10, new long[][] {{5, 1}, {0, 4}});
    SlotAccuracy colour =
        new SlotAccuracy(
            "colour",
            List.of("red", "green", "blue"),
            7,
            10,
            new long[][] {{3, 1, 0}, {0, 2, 1}, {1, 0, 2}});
    return new EvaluationResult("val", 10, 0.4321, 6, List.of(size, colour));
  }

  static EvaluationResult testComp() {
    SlotAccuracy size =
        new SlotAccuracy("size", List.of("small", "large"), 3, 4, new long[][] {{2, 1}, {0, 1}});
    SlotAccuracy colour =
        new SlotAccuracy(
            "colour",
            List.of("red", "green", "blue"),
            2,
            4,
            new long[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 0}});
    return new EvaluationResult("test_comp", 4, 1.5, 1, List.of(size, colour));
  }

  @Test
  void markdownShouldHoldTheSummaryRowsAndConfusionTables() throws IOException {
    EvaluationReport.write(List.of(val(), testComp()), dir);

    String md =
        Files.readString(dir.resolve(EvaluationReport.MARKDOWN_FILE), StandardCharsets.UTF_8);
    List<String> lines = md.lines().toList();
    int header = lines.indexOf("| partition | clips | sentence | size | colour |");
    assertTrue(header >= 0, md);
    assertEquals("|---|---:|---:|---:|---:|", lines.get(header + 1));
    assertEquals("| val | 10 | 60.0% | 90.0% | 70.0% |", lines.get(header + 2));
    assertEquals("| test_comp | 4 | 25.0% | 75.0% | 50.0% |", lines.get(header + 3));

    int colour = lines.indexOf("### val: colour (70.0% of 10)");
    assertTrue(colour >= 0, md);
    assertEquals(
        List.of(
            "",
            "| true \\ predicted | red | green | blue |",
            "|---|---:|---:|---:|",
            "| red | 3 | 1 | 0 |",
            "| green | 0 | 2 | 1 |",
            "| blue | 1 | 0 | 2 |"),
        lines.subList(colour + 1, colour + 7));
    assertTrue(lines.contains("### test_comp: size (75.0% of 4)"), md);
  }

  @Test
  void jsonShouldRoundTripToEqualResults() throws IOException {
    List<EvaluationResult> results = List.of(val(), testComp());
    EvaluationReport.write(results, dir);

    List<EvaluationResult> back =
        EvaluationReport.readJson(dir.resolve(EvaluationReport.JSON_FILE));

    assertEquals(results.size(), back.size());
    for (int i = 0; i < results.size(); i++) {
      EvaluationResult want = results.get(i);
      EvaluationResult got = back.get(i);
      assertEquals(want.partition(), got.partition());
      assertEquals(want.examples(), got.examples());
      assertEquals(want.meanLoss(), got.meanLoss());
      assertEquals(want.sentenceCorrect(), got.sentenceCorrect());
      for (int s = 0; s < want.slots().size(); s++) {
        SlotAccuracy ws = want.slots().get(s);
        SlotAccuracy gs = got.slots().get(s);
        assertEquals(ws.slot(), gs.slot());
        assertEquals(ws.words(), gs.words());
        assertEquals(ws.correct(), gs.correct());
        assertEquals(ws.total(), gs.total());
        assertArrayEquals(ws.confusion(), gs.confusion());
      }
    }
  }

  @Test
  void jsonShouldLabelConfusionCellsWithWords() throws IOException {
    String json = EvaluationReport.json(List.of(val()));

    String compact = json.replaceAll("\\s+", "");
    assertTrue(compact.contains("\"confusion\":{\"small\":{\"small\":5,\"large\":1}"), json);
    assertTrue(compact.contains("\"sentenceAccuracy\":0.6"), json);
  }

  @Test
  void shouldRejectPartitionsWithDifferentSlots() {
    EvaluationResult other = new EvaluationResult("test", 1, 0, 0, List.of(val().slots().get(0)));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EvaluationReport.markdown(List.of(val(), other)));
    assertTrue(e.getMessage().contains("[size, colour]"), e.getMessage());
  }

  @Test
  void noPartitionsShouldSaySo() {
    assertTrue(EvaluationReport.markdown(List.of()).contains("No partitions were evaluated."));
  }
}
