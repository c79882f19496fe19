package io.actionstream.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.DatasetReader;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.synth.ContactSheet;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class ContactSheetCommandTest {
  @TempDir Path tmp;

  @Test
  void shouldWritePngOfTheFirstClipsOfTheAskedPartition() throws Exception {
    Path dataset = tmp.resolve("ds");
    assertEquals(0, GenerateCommandTest.generate(dataset, "--clips", "30").exitCode());
    Path png = tmp.resolve("val.png");

    CliRun run =
        CliRun.run(
            "contact-sheet",
            dataset.toString(),
            "--out",
            png.toString(),
            "--partition",
            "val",
            "--clips",
            "3",
            "--frames-across",
            "2");

    assertEquals(0, run.exitCode(), run.describe());
    List<LabelledClip> expectedClips;
    try (DatasetReader reader = DatasetReader.open(dataset);
        Stream<LabelledClip> val = reader.stream("iid", Partition.VAL)) {
      expectedClips = val.limit(3).toList();
    }
    BufferedImage expected = ContactSheet.render(expectedClips, 2);
    BufferedImage written = ImageIO.read(png.toFile());
    assertEquals(expected.getWidth(), written.getWidth());
    assertEquals(expected.getHeight(), written.getHeight());
    for (int y = 0; y < expected.getHeight(); y += 7) {
      for (int x = 0; x < expected.getWidth(); x += 7) {
        assertEquals(expected.getRGB(x, y), written.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
    assertTrue(run.out().contains("(" + expectedClips.size() + " clips)"), run.describe());
  }

  @Test
  void shouldReadABringYourOwnFolderWithFolder() throws Exception {
    Path folder = tmp.resolve("byo");
    for (String clip : List.of("a", "b")) {
      Path frames = Files.createDirectories(folder.resolve(clip));
      for (int i = 0; i < 3; i++) {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40 * i, 100, 200));
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        ImageIO.write(image, "png", frames.resolve("frame-" + i + ".png").toFile());
      }
    }
    Files.writeString(
        folder.resolve("annotations.csv"),
        "path,split,sentence\na,train,small red square jumps\nb,train,large blue star grows\n");
    Path png = tmp.resolve("byo.png");

    CliRun run =
        CliRun.run(
            "contact-sheet",
            folder.toString(),
            "--folder",
            "--shape",
            "3x32x32",
            "--out",
            png.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().contains("(2 clips)"), run.describe());
    assertTrue(ImageIO.read(png.toFile()).getHeight() > 0);
  }

  @Test
  void shouldFailWithOneLineForAnUnknownSplit() {
    Path dataset = tmp.resolve("ds");
    assertEquals(0, GenerateCommandTest.generate(dataset, "--clips", "4").exitCode());
    CliRun run =
        CliRun.run(
            "contact-sheet",
            dataset.toString(),
            "--out",
            tmp.resolve("x.png").toString(),
            "--split",
            "nope");
    assertEquals(DataCli.EXIT_RUNTIME, run.exitCode(), run.describe());
    assertTrue(run.err().contains("nope"), run.describe());
    assertEquals(1, run.err().lines().count(), run.describe());
  }

  @Test
  void shouldKeepTheCauseOfABadPartitionOrShape() {
    CommandLine.TypeConversionException partition =
        assertThrows(
            CommandLine.TypeConversionException.class,
            () -> new ContactSheetCommand.PartitionConverter().convert("nope"));
    assertTrue(partition.getCause() instanceof IllegalArgumentException, "partition cause");
    CommandLine.TypeConversionException shape =
        assertThrows(
            CommandLine.TypeConversionException.class,
            () -> new ContactSheetCommand.ShapeConverter().convert("16x0x64"));
    assertTrue(shape.getCause() instanceof IllegalArgumentException, "shape cause");
  }
}
