package io.actionstream.cli.produce;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The images of a folder ({@code .png}, {@code .jpg}, {@code .jpeg}), in file-name order, as the
 * frames 0..N-1 of one stream; optionally resized (bilinear) to a given size.
 */
public final class ImageFolderSource implements FrameSource {
  private final List<Path> images;
  private final Path dir;
  private final String streamId;
  private final FrameSize size;

  /**
   * A source over {@code dir}.
   *
   * @param size side of the square frames sent, or {@code null} for the images' own size
   * @throws IllegalArgumentException if {@code dir} is not a folder or holds no images
   */
  public ImageFolderSource(Path dir, String streamId, FrameSize size) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a directory");
    }
    try (Stream<Path> files = Files.list(dir)) {
      this.images = files.filter(ImageFolderSource::isImage).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException(dir + " holds no .png/.jpg/.jpeg images");
    }
    this.dir = dir;
    this.streamId = streamId;
    this.size = size;
  }

  @Override
  public Stream<SourceFrame> frames() {
    return LongStream.range(0, images.size()).mapToObj(i -> read(i, images.get((int) i)));
  }

  @Override
  public String describe() {
    return "folder " + dir + " (" + images.size() + " images)";
  }

  private SourceFrame read(long index, Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IllegalArgumentException("cannot decode image " + file);
      }
      return Frames.of(streamId, index, image, size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
  }
}
