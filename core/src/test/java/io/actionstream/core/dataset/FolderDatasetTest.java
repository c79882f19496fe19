package io.actionstream.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jcodec.api.awt.AWTSequenceEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderDatasetTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();

  @TempDir Path tmp;

  /** Writes {@code n} PNG frames of size w×h; frame i is filled with grey level 10*i. */
  private void writePngFolder(Path dir, int n, int w, int h) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < n; i++) {
      BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(10 * i, 10 * i, 10 * i));
      g.fillRect(0, 0, w, h);
      g.dispose();
      ImageIO.write(image, "png", dir.resolve(String.format("frame-%03d.png", i)).toFile());
    }
  }

  private void writeMp4(Path file, int n, int w, int h, Color colour) throws IOException {
    AWTSequenceEncoder encoder = AWTSequenceEncoder.createSequenceEncoder(file.toFile(), 25);
    for (int i = 0; i < n; i++) {
      BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = image.createGraphics();
      g.setColor(colour);
      g.fillRect(0, 0, w, h);
      g.dispose();
      encoder.encodeImage(image);
    }
    encoder.finish();
  }

  @Test
  void shouldReadPngFoldersSampledEvenlyAndResized() throws IOException {
    writePngFolder(tmp.resolve("clips/a"), 8, 20, 10);
    writePngFolder(tmp.resolve("clips/b"), 2, 16, 16);
    Files.writeString(
        tmp.resolve("annotations.csv"),
        "path,split,sentence\n"
            + "clips/a,train,small red square slides left\n"
            + "\n"
            + "\"clips/b\",test_comp,\"large blue star jumps\"\n");
    try (FolderDataset data = FolderDataset.open(tmp, SCHEMA, new ClipShape(4, 6, 5))) {
      assertEquals(2, data.size());
      assertEquals(1, data.count(Partition.TRAIN));
      List<LabelledClip> train;
      try (Stream<LabelledClip> s = data.stream(Partition.TRAIN)) {
        train = s.toList();
      }
      assertEquals(1, train.size());
      Clip a = train.get(0).clip();
      assertEquals("clips/a", train.get(0).id());
      assertEquals(SCHEMA.parse("small red square slides left"), train.get(0).sentence());
      assertEquals(List.of(4, 6, 5), List.of(a.frames(), a.height(), a.width()));
      // 8 frames -> 4: source frames 1, 3, 5, 7 (grey 10, 30, 50, 70).
      for (int t = 0; t < 4; t++) {
        assertEquals(10 * (2 * t + 1), a.pixels()[a.frameOffset(t)] & 0xFF, "frame " + t);
      }
      Clip b;
      try (Stream<LabelledClip> s = data.stream(Partition.TEST_COMP)) {
        b = s.findFirst().orElseThrow().clip();
      }
      // 2 frames -> 4: frames 0, 1, then the last repeated.
      int[] greys = new int[4];
      for (int t = 0; t < 4; t++) {
        greys[t] = b.pixels()[b.frameOffset(t)] & 0xFF;
      }
      assertArrayEquals(new int[] {0, 10, 10, 10}, greys);
    }
  }

  @Test
  void shouldDecodeAnMp4ToItsFlatColour() throws IOException {
    Files.createDirectories(tmp.resolve("v"));
    writeMp4(tmp.resolve("v/red.mp4"), 10, 64, 48, new Color(200, 40, 60));
    Files.writeString(
        tmp.resolve("ann.csv"), "path,split,sentence\nv/red.mp4,val,large red circle rotates\n");
    try (FolderDataset data =
            FolderDataset.open(tmp.resolve("ann.csv"), SCHEMA, new ClipShape(5, 24, 32));
        Stream<LabelledClip> s = data.stream(Partition.VAL)) {
      Clip clip = s.findFirst().orElseThrow().clip();
      assertEquals(List.of(5, 24, 32), List.of(clip.frames(), clip.height(), clip.width()));
      byte[] p = clip.pixels();
      long[] sum = new long[3];
      for (int i = 0; i < p.length; i++) {
        sum[i % 3] += p[i] & 0xFF;
      }
      int pixels = p.length / 3;
      assertEquals(200, sum[0] / pixels, 12, "red");
      assertEquals(40, sum[1] / pixels, 12, "green");
      assertEquals(60, sum[2] / pixels, 12, "blue");
    }
  }

  @Test
  void shouldNameTheCsvLineOfABadRow() throws IOException {
    writePngFolder(tmp.resolve("a"), 1, 4, 4);
    Path csv = tmp.resolve("annotations.csv");
    Files.writeString(
        csv,
        "path,split,sentence\na,train,small red square rotates\na,train,small pink square rotates\n");
    DatasetException e =
        assertThrows(
            DatasetException.class, () -> FolderDataset.open(tmp, SCHEMA, new ClipShape(1, 4, 4)));
    assertTrue(e.getMessage().startsWith("annotations.csv line 3: "), e.getMessage());
    assertTrue(e.getMessage().contains("pink"), e.getMessage());

    Files.writeString(csv, "path,split,sentence\na,training,small red square rotates\n");
    e =
        assertThrows(
            DatasetException.class, () -> FolderDataset.open(tmp, SCHEMA, new ClipShape(1, 4, 4)));
    assertTrue(
        e.getMessage().contains("line 2") && e.getMessage().contains("test_comp"), e.getMessage());

    Files.writeString(csv, "path,split,sentence\nmissing,train,small red square rotates\n");
    e =
        assertThrows(
            DatasetException.class, () -> FolderDataset.open(tmp, SCHEMA, new ClipShape(1, 4, 4)));
    assertTrue(e.getMessage().contains("no frame directory"), e.getMessage());

    Files.writeString(csv, "file,split,sentence\n");
    e =
        assertThrows(
            DatasetException.class, () -> FolderDataset.open(tmp, SCHEMA, new ClipShape(1, 4, 4)));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }

  @Test
  void shouldSplitQuotedCsvFields() {
    assertEquals(List.of("a", "b c", "d"), AnnotationsCsv.split(" a , \"b c\" ,d"));
    assertEquals(List.of("say \"hi\"", ""), AnnotationsCsv.split("\"say \"\"hi\"\"\","));
    assertEquals(List.of("x,y", "z"), AnnotationsCsv.split("\"x,y\",z"));
    assertThrows(IllegalArgumentException.class, () -> AnnotationsCsv.split("\"open,x"));
  }

  @Test
  void shouldSampleFramesEvenly() {
    assertArrayEquals(new int[] {0, 1, 2}, ClipLoader.sampleIndices(3, 3));
    assertArrayEquals(new int[] {1, 4, 7}, ClipLoader.sampleIndices(9, 3));
    assertArrayEquals(new int[] {0, 0, 0}, ClipLoader.sampleIndices(1, 3));
    assertArrayEquals(new int[] {2}, ClipLoader.sampleIndices(5, 1));
  }

  @Test
  void shouldKeepTheCauseOfAnUnparsableAnnotationLine() throws IOException {
    Files.writeString(
        tmp.resolve("annotations.csv"), "path,split,sentence\n\"clips/a,train,small red\n");
    DatasetException e =
        assertThrows(
            DatasetException.class, () -> FolderDataset.open(tmp, SCHEMA, new ClipShape(4, 6, 5)));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertTrue(e.getCause() instanceof IllegalArgumentException, "cause");
  }
}
