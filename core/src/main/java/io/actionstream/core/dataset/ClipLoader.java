package io.actionstream.core.dataset;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.Images;
import io.actionstream.core.image.ImageDecodeException;
import io.actionstream.core.image.ImageFitter;
import io.actionstream.core.image.ImageIoDecoder;
import io.actionstream.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;

/**
 * Loads a clip of a fixed {@link ClipShape} from a directory of image frames (PNG/JPEG, in file
 * name order) or from an MP4 file (decoded with JCodec). Every frame is fitted to H×W by an {@link
 * ImageFitter} (the policy of {@code data.resize}, as the service fits camera frames); T frames are
 * then taken: with N ≥ T source frames, frame {@code floor((i + 0.5) * N / T)} for i in 0..T-1 (the
 * middle of T equal segments); with N < T, all N frames and then the last one repeated to fill T
 * (the clip keeps real-time speed).
 */
final class ClipLoader {
  private ClipLoader() {}

  /** Loads {@code file} (a frame directory, or an {@code .mp4}) as a clip of {@code shape}. */
  static Clip load(Path file, ClipShape shape, ImageFitter fitter) throws IOException {
    if (Files.isDirectory(file)) {
      return fromFrameDirectory(file, shape, fitter);
    }
    return fromMp4(file, shape, fitter);
  }

  /** Indices of the N source frames that make the T output frames; see the class comment. */
  static int[] sampleIndices(int sourceFrames, int frames) {
    if (sourceFrames < 1) {
      throw new IllegalArgumentException("no frames");
    }
    int[] idx = new int[frames];
    for (int i = 0; i < frames; i++) {
      idx[i] =
          sourceFrames >= frames
              ? (int) ((2L * i + 1) * sourceFrames / (2L * frames))
              : Math.min(i, sourceFrames - 1);
    }
    return idx;
  }

  private static Clip fromFrameDirectory(Path dir, ClipShape shape, ImageFitter fitter)
      throws IOException {
    List<Path> images;
    try (Stream<Path> files = Files.list(dir)) {
      images = files.filter(ClipLoader::isImage).sorted().toList();
    }
    if (images.isEmpty()) {
      throw new IOException("no .png/.jpg/.jpeg frames in " + dir);
    }
    int[] idx = sampleIndices(images.size(), shape.frames());
    RgbImage[] frames = new RgbImage[idx.length];
    for (int t = 0; t < idx.length; t++) {
      if (t > 0 && idx[t] == idx[t - 1]) {
        frames[t] = frames[t - 1];
        continue;
      }
      Path image = images.get(idx[t]);
      byte[] bytes = Files.readAllBytes(image);
      try {
        frames[t] =
            image.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")
                ? fitter.fit(ImageIoDecoder.read(bytes, "png", 0, 0))
                : fitter.jpeg(bytes, 0, 0);
      } catch (ImageDecodeException e) {
        throw new IOException("cannot decode image " + image + ": " + e.getMessage(), e);
      }
    }
    return clip(frames, idx[0]);
  }

  private static Clip clip(RgbImage[] frames, long firstFrameIndex) {
    int frameBytes = frames[0].pixels().length;
    byte[] pixels = new byte[frames.length * frameBytes];
    for (int t = 0; t < frames.length; t++) {
      System.arraycopy(frames[t].pixels(), 0, pixels, t * frameBytes, frameBytes);
    }
    return new Clip(
        frames.length,
        frames[0].height(),
        frames[0].width(),
        pixels,
        firstFrameIndex,
        new long[frames.length]);
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
  }

  private static Clip fromMp4(Path file, ClipShape shape, ImageFitter fitter) throws IOException {
    List<RgbImage> decoded = new ArrayList<>();
    try (SeekableByteChannel channel = NIOUtils.readableChannel(file.toFile())) {
      FrameGrab grab = FrameGrab.createFrameGrab(channel);
      for (Picture picture; (picture = grab.getNativeFrame()) != null; ) {
        BufferedImage image = AWTUtil.toBufferedImage(picture);
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        Images.toRgbBytes(image, rgb, 0);
        decoded.add(fitter.fit(new RgbImage(image.getWidth(), image.getHeight(), rgb)));
      }
    } catch (JCodecException | ImageDecodeException | RuntimeException e) {
      throw new IOException("cannot decode MP4 " + file + ": " + e, e);
    }
    if (decoded.isEmpty()) {
      throw new IOException("no video frames in " + file);
    }
    int[] idx = sampleIndices(decoded.size(), shape.frames());
    RgbImage[] frames = new RgbImage[idx.length];
    for (int t = 0; t < idx.length; t++) {
      frames[t] = decoded.get(idx[t]);
    }
    return clip(frames, idx[0]);
  }
}
