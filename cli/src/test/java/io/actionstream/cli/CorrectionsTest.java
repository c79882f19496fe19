package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.wire.LabelReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrectionsTest {
  @TempDir Path dir;

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("fixes.csv"), text);
  }

  @Test
  void shouldReadRowsSkippingCommentsAndBlankLines() throws Exception {
    Path f =
        file(
            "\uFEFF# from the review of Tuesday\n"
                + Corrections.HEADER
                + "\n\ncam-1, 16, 31 ,small red cube slides left\n# cam-2 later\ncam-2,0,15,large"
                + " blue star jumps\n");
    assertEquals(
        List.of(
            LabelReference.of("fixes.csv:4", "cam-1", 16, 31, "small red cube slides left", 7),
            LabelReference.of("fixes.csv:6", "cam-2", 0, 15, "large blue star jumps", 7)),
        Corrections.read(f, 7));
  }

  @Test
  void shouldTakeLabelIdsFromTheirColumn() throws Exception {
    Path f = file(Corrections.HEADER_WITH_IDS + "\ncam-1,16,31,small red cube slides left,T-42\n");
    assertEquals("T-42", Corrections.read(f, 7).get(0).labelId());
  }

  @Test
  void shouldRefuseTheWholeFileNamingEveryBadRow() throws Exception {
    Path f =
        file(
            Corrections.HEADER
                + "\ncam-1,16,31,ok words\n"
                + "cam-1,31,16,backwards\n"
                + "cam-1,x,16,not a number\n"
                + ",0,15,no stream\n"
                + "cam-1,0,15,\n"
                + "cam-1,0,15\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Corrections.read(f, 7));
    String m = e.getMessage();
    assertTrue(m.contains("nothing sent"), m);
    for (String line :
        List.of(
            "line 3: lastFrame",
            "line 4: firstFrame: expected an integer",
            "line 5: expected a stream id",
            "line 6: sentence",
            "line 7: expected 4 comma-separated fields, got 3")) {
      assertTrue(m.contains(line), line + " in " + m);
    }
    assertTrue(!m.contains("line 2"), m);
  }

  @Test
  void shouldRefuseAFileWithoutItsHeader() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Corrections.read(file("cam-1,16,31,small red cube slides left\n"), 7));
    assertTrue(e.getMessage().contains("line 1: expected the header"), e.getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Corrections.read(file("# only\n"), 7))
            .getMessage()
            .contains("no header line"));
  }
}
