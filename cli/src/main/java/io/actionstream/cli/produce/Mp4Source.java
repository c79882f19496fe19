package io.actionstream.cli.produce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;

/**
 * The video frames of an MP4 file (H.264, decoded with JCodec, one frame at a time) as the frames
 * 0..N-1 of one stream; optionally resized to a given size.
 */
public final class Mp4Source implements FrameSource {
  private final Path file;
  private final String streamId;
  private final FrameSize size;

  /**
   * A source over {@code file}.
   *
   * @param size the size of the frames sent, or {@code null} for the video's own size
   * @throws IllegalArgumentException if {@code file} is not a readable file
   */
  public Mp4Source(Path file, String streamId, FrameSize size) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " is not a file");
    }
    this.file = file;
    this.streamId = streamId;
    this.size = size;
  }

  @Override
  public Stream<SourceFrame> frames() {
    SeekableByteChannel channel;
    FrameGrab grab;
    try {
      channel = NIOUtils.readableChannel(file.toFile());
      try {
        grab = FrameGrab.createFrameGrab(channel);
      } catch (JCodecException | IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (JCodecException | IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot decode MP4 " + file + ": " + e, e);
    }
    Iterator<SourceFrame> frames =
        new Iterator<>() {
          private long index;
          private Picture next = grab(grab);

          @Override
          public boolean hasNext() {
            return next != null;
          }

          @Override
          public SourceFrame next() {
            if (next == null) {
              throw new NoSuchElementException();
            }
            SourceFrame frame = Frames.of(streamId, index++, AWTUtil.toBufferedImage(next), size);
            next = grab(grab);
            return frame;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(frames, Spliterator.ORDERED), false)
        .onClose(
            () -> {
              try {
                channel.close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Override
  public String describe() {
    return "MP4 " + file;
  }

  private Picture grab(FrameGrab grab) {
    try {
      return grab.getNativeFrame();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot decode MP4 " + file + ": " + e, e);
    }
  }
}
