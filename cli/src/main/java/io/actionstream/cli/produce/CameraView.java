package io.actionstream.cli.produce;

import io.actionstream.core.image.Resampler;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.image.RgbImage;

/**
 * A synthetic scene as a camera of another size films it: the scene scaled up to the camera's
 * shorter side and centred, the rest filled with the scene's corner colour. The service's {@code
 * frames.resize=crop} takes that centred square back to the model's size.
 */
public final class CameraView {
  private CameraView() {}

  /** {@code scene} as a {@code width}×{@code height} camera frame. */
  public static SourceFrame film(SourceFrame scene, int width, int height) {
    int side = Math.min(width, height);
    RgbImage square =
        Resampler.resize(
            new RgbImage(scene.width(), scene.height(), scene.rgb()),
            side,
            side,
            ResizePolicy.STRETCH);
    byte[] out = new byte[width * height * 3];
    byte[] corner = {scene.rgb()[0], scene.rgb()[1], scene.rgb()[2]};
    for (int i = 0; i < out.length; i += 3) {
      out[i] = corner[0];
      out[i + 1] = corner[1];
      out[i + 2] = corner[2];
    }
    int x0 = (width - side) / 2;
    int y0 = (height - side) / 2;
    for (int y = 0; y < side; y++) {
      System.arraycopy(square.pixels(), y * side * 3, out, ((y0 + y) * width + x0) * 3, side * 3);
    }
    return new SourceFrame(scene.streamId(), scene.index(), width, height, out);
  }
}
