package io.actionstream.core.clip;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * A short video clip in memory: T frames of H×W RGB pixels as unsigned bytes, laid out frame-major
 * and interleaved ({@code [t][y][x][r,g,b]}), plus the index of its first frame and one capture
 * time per frame. This is the form clips travel in (a quarter of the bytes of float32); they become
 * floats only at the model's door.
 *
 * <p>The pixel array is owned by the clip: constructors copy nothing, so callers must not modify an
 * array after handing it over.
 */
public final class Clip {
  /** RGB: every frame has three channels. */
  public static final int CHANNELS = 3;

  private final int frames;
  private final int height;
  private final int width;
  private final byte[] pixels;
  private final long firstFrameIndex;
  private final long[] captureTimesMs;

  /**
   * Creates a clip.
   *
   * @param frames T, at least 1
   * @param height H, at least 1
   * @param width W, at least 1
   * @param pixels T*H*W*3 bytes, {@code [t][y][x][rgb]}
   * @param firstFrameIndex index of the first frame in its stream
   * @param captureTimesMs T capture times in epoch milliseconds
   * @throws IllegalArgumentException naming the expected and actual sizes
   */
  public Clip(
      int frames,
      int height,
      int width,
      byte[] pixels,
      long firstFrameIndex,
      long[] captureTimesMs) {
    if (frames < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "clip dimensions must be positive, got T=" + frames + " H=" + height + " W=" + width);
    }
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(captureTimesMs, "captureTimesMs");
    long expected = (long) frames * height * width * CHANNELS;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "clip of T="
              + frames
              + " H="
              + height
              + " W="
              + width
              + " needs "
              + expected
              + " pixel bytes, got "
              + pixels.length);
    }
    if (captureTimesMs.length != frames) {
      throw new IllegalArgumentException(
          "clip of "
              + frames
              + " frames needs "
              + frames
              + " capture times, got "
              + captureTimesMs.length);
    }
    this.frames = frames;
    this.height = height;
    this.width = width;
    this.pixels = pixels;
    this.firstFrameIndex = firstFrameIndex;
    this.captureTimesMs = captureTimesMs.clone();
  }

  /** A clip with frame indices from 0 and capture times 0, for data that has no stream. */
  public static Clip of(int frames, int height, int width, byte[] pixels) {
    return new Clip(frames, height, width, pixels, 0, new long[frames]);
  }

  /** Builds a clip from equally sized RGB images (converted to interleaved bytes). */
  public static Clip fromImages(BufferedImage[] images, long firstFrameIndex, long[] timesMs) {
    if (images.length == 0) {
      throw new IllegalArgumentException("a clip needs at least one frame");
    }
    int h = images[0].getHeight();
    int w = images[0].getWidth();
    byte[] pixels = new byte[images.length * h * w * CHANNELS];
    for (int t = 0; t < images.length; t++) {
      BufferedImage image = images[t];
      if (image.getHeight() != h || image.getWidth() != w) {
        throw new IllegalArgumentException(
            "frame "
                + t
                + " is "
                + image.getWidth()
                + "x"
                + image.getHeight()
                + ", the clip's first frame is "
                + w
                + "x"
                + h);
      }
      Images.toRgbBytes(image, pixels, t * h * w * CHANNELS);
    }
    return new Clip(images.length, h, w, pixels, firstFrameIndex, timesMs);
  }

  /** Number of frames, T. */
  public int frames() {
    return frames;
  }

  /** Frame height in pixels, H. */
  public int height() {
    return height;
  }

  /** Frame width in pixels, W. */
  public int width() {
    return width;
  }

  /** Bytes of one frame: H*W*3. */
  public int frameBytes() {
    return height * width * CHANNELS;
  }

  /** The pixel bytes, {@code [t][y][x][rgb]}, without a copy. Treat as read-only. */
  public byte[] pixels() {
    return pixels;
  }

  /** Offset of frame {@code t} in {@link #pixels()}. */
  public int frameOffset(int t) {
    Objects.checkIndex(t, frames);
    return t * frameBytes();
  }

  /** A copy of the bytes of frame {@code t}. */
  public byte[] frame(int t) {
    int offset = frameOffset(t);
    return Arrays.copyOfRange(pixels, offset, offset + frameBytes());
  }

  /** Frame {@code t} as an RGB image. */
  public BufferedImage frameImage(int t) {
    return Images.fromRgbBytes(pixels, frameOffset(t), width, height);
  }

  /** Index of the first frame in its stream. */
  public long firstFrameIndex() {
    return firstFrameIndex;
  }

  /** Index of the last frame in its stream. */
  public long lastFrameIndex() {
    return firstFrameIndex + frames - 1;
  }

  /** Capture time of frame {@code t} in epoch milliseconds. */
  public long captureTimeMs(int t) {
    return captureTimesMs[t];
  }

  /** A copy of the capture times. */
  public long[] captureTimesMs() {
    return captureTimesMs.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Clip other
        && frames == other.frames
        && height == other.height
        && width == other.width
        && firstFrameIndex == other.firstFrameIndex
        && Arrays.equals(captureTimesMs, other.captureTimesMs)
        && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(frames, height, width, firstFrameIndex, Arrays.hashCode(pixels));
  }

  @Override
  public String toString() {
    return "Clip[T="
        + frames
        + ", H="
        + height
        + ", W="
        + width
        + ", frames "
        + firstFrameIndex
        + ".."
        + lastFrameIndex()
        + "]";
  }
}
