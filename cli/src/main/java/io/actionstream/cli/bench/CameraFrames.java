package io.actionstream.cli.bench;

import io.actionstream.core.image.RgbImage;
import io.actionstream.core.synth.CameraScene;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.List;

/** Camera-like JPEG frames for the ingest benchmark ({@link CameraScene}). */
final class CameraFrames {
  private CameraFrames() {}

  /** {@code count} consecutive frames of one scene, {@code width}×{@code height}, as JPEG bytes. */
  static List<byte[]> jpeg(int width, int height, int count, float quality, long seed) {
    FrameCodec codec = new FrameCodec(WireLimits.DEFAULT, quality);
    CameraScene scene = new CameraScene(width, height, seed);
    List<byte[]> frames = new ArrayList<>(count);
    for (int f = 0; f < count; f++) {
      RgbImage frame = scene.next();
      frames.add(
          codec.encode(f, f * 66L, width, height, frame.pixels(), FrameEncoding.JPEG).data());
    }
    return frames;
  }
}
