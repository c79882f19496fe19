package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.cli.produce.CameraView;
import io.actionstream.cli.produce.FrameSize;
import io.actionstream.cli.produce.SourceFrame;
import io.actionstream.core.clip.Clip;
import io.actionstream.core.image.Resampler;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.image.RgbImage;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import org.junit.jupiter.api.Test;

/** Camera-sized synthetic frames: the scene filmed in the centre, and {@code crop} gets it back. */
class CameraViewTest {
  @Test
  void cropShouldRecoverTheFilmedScene() {
    Clip clip =
        new ActionClipGenerator(GeneratorConfig.builder().frames(8).size(32, 32).seed(7).build())
            .generate(3)
            .clip();
    byte[] scene = java.util.Arrays.copyOf(clip.pixels(), 32 * 32 * 3);
    SourceFrame camera = CameraView.film(new SourceFrame("cam", 0, 32, 32, scene), 640, 480);
    assertEquals(640, camera.width());
    assertEquals(480, camera.height());
    RgbImage back =
        Resampler.resize(new RgbImage(640, 480, camera.rgb()), 32, 32, ResizePolicy.CROP);
    long diff = 0;
    int max = 0;
    for (int i = 0; i < scene.length; i++) {
      int d = Math.abs((scene[i] & 0xFF) - (back.pixels()[i] & 0xFF));
      diff += d;
      max = Math.max(max, d);
    }
    double mean = (double) diff / scene.length;
    assertTrue(mean < 2.0, "mean difference " + mean + ", max " + max);
    // the margins show the scene's corner colour
    assertEquals(scene[0], camera.rgb()[0]);
  }

  @Test
  void sizesShouldParseAsSquareOrWidthByHeight() {
    assertEquals(new FrameSize(64, 64), FrameSize.parse("64"));
    assertEquals(new FrameSize(640, 480), FrameSize.parse("640X480"));
    assertTrue(FrameSize.parse("32").square());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FrameSize.parse("640x"));
    assertTrue(e.getMessage().contains("WxH"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FrameSize.parse("5000x10"));
  }
}
