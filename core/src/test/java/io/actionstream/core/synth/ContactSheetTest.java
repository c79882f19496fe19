package io.actionstream.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.actionstream.core.clip.LabelledClip;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactSheetTest {
  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private static List<LabelledClip> clips(GeneratorConfig config, int n) {
    ActionClipGenerator generator = new ActionClipGenerator(config);
    List<LabelledClip> clips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clips.add(generator.generate(i));
    }
    return clips;
  }

  @Test
  void shouldWritePngWithOneRowPerClipAndEightFramesAcross(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("sub/sheet.png");
    ContactSheet.write(clips(GeneratorConfig.defaults(), 3), png, 8);
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G'},
        java.util.Arrays.copyOf(Files.readAllBytes(png), 4));
    BufferedImage image = ImageIO.read(png.toFile());
    // 64x64 frames are enlarged 2x to 128: 8 + 8*128 + 7*4 + 8 wide; 8 + 3*(128+22) + 2*4 + 8 high.
    assertEquals(1068, image.getWidth());
    assertEquals(474, image.getHeight());
  }

  @Test
  void shouldShowAtMostTheClipsFramesAndKeepMinimumWidthForText() {
    GeneratorConfig config = GeneratorConfig.builder().frames(2).size(32, 32).build();
    BufferedImage image = ContactSheet.render(clips(config, 1), 8);
    // 32x32 enlarged 4x: 2 frames are 8 + 2*128 + 4 + 8 = 276 wide, below the 400 minimum.
    assertEquals(400, image.getWidth());
    assertEquals(8 + 150 + 8, image.getHeight());
  }

  @Test
  void shouldPickEvenlySpacedFramesIncludingFirstAndLast() {
    assertArrayEquals(new int[] {0, 2, 4, 6, 9, 11, 13, 15}, ContactSheet.frameIndices(16, 8));
    assertArrayEquals(new int[] {0, 1, 2}, ContactSheet.frameIndices(3, 8));
    assertArrayEquals(new int[] {0}, ContactSheet.frameIndices(16, 1));
  }

  @Test
  void shouldRejectEmptyClipListAndNonPositiveFramesAcross() {
    assertThrows(IllegalArgumentException.class, () -> ContactSheet.render(List.of(), 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> ContactSheet.render(clips(GeneratorConfig.defaults(), 1), 0));
  }
}
