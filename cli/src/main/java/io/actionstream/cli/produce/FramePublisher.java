package io.actionstream.cli.produce;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.Frame;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends frames from a {@link FrameSource} at a frame rate, as frame records (metadata in the {@code
 * as.*} headers, {@link FrameCodec}) or, in clip mode, as whole {@code ASCL} clip records of T
 * consecutive frames ({@link ClipCodec}). Frame {@code i} of a stream is captured at {@code start +
 * i * 1000 / fps} ms and is not sent before that time, so streams run in real time side by side.
 * Keys are the stream ids. A failed send fails {@link #publish} after the flush.
 */
public final class FramePublisher {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final FrameCodec frameCodec;
  private final ClipCodec clipCodec;
  private final FrameEncoding encoding;
  private final double fps;
  private final int clipFrames;

  /** What was sent. */
  public record Result(long records, long frames, long droppedFrames, double seconds) {}

  /** Called after each frame is handed to the producer, with its capture time. */
  public interface Listener {
    /** Frame {@code frame} went out (in clip mode: was added to its clip). */
    void sent(SourceFrame frame, long captureMs);
  }

  /**
   * A publisher.
   *
   * @param fps frames per second per stream, above 0
   * @param clipFrames 0 to send frame records; T ≥ 1 to send clips of T frames
   */
  public FramePublisher(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      FrameEncoding encoding,
      double fps,
      int clipFrames) {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be > 0, got " + fps);
    }
    if (clipFrames < 0) {
      throw new IllegalArgumentException("clip frames must be >= 0, got " + clipFrames);
    }
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.encoding = Objects.requireNonNull(encoding, "encoding");
    this.frameCodec = new FrameCodec();
    this.clipCodec = new ClipCodec(encoding, WireLimits.DEFAULT);
    this.fps = fps;
    this.clipFrames = clipFrames;
  }

  /**
   * Sends every frame of {@code frames}, paced, then flushes.
   *
   * @throws IllegalStateException if a record could not be sent (the first failure)
   * @throws InterruptedException if interrupted while pacing
   */
  public Result publish(Stream<SourceFrame> frames, Listener listener) throws InterruptedException {
    long startMs = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback callback = (metadata, e) -> failure.compareAndSet(null, e);
    Map<String, List<Timed>> pending = new HashMap<>();
    long records = 0;
    long count = 0;
    for (Iterator<SourceFrame> it = frames.iterator(); it.hasNext(); ) {
      SourceFrame f = it.next();
      long offsetNanos = (long) (f.index() * 1e9 / fps);
      long wait = startNanos + offsetNanos - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long captureMs = startMs + offsetNanos / 1_000_000;
      if (clipFrames == 0) {
        sendFrame(f, captureMs, callback);
        records++;
      } else if (addToClip(pending, f, captureMs, callback)) {
        records++;
      }
      count++;
      listener.sent(f, captureMs);
      if (failure.get() != null) {
        break;
      }
    }
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException(
          "cannot send to topic '" + topic + "': " + failure.get(), failure.get());
    }
    long dropped = pending.values().stream().mapToLong(List::size).sum();
    return new Result(records, count, dropped, (System.nanoTime() - startNanos) / 1e9);
  }

  private void sendFrame(SourceFrame f, long captureMs, Callback callback) {
    Frame frame = frameCodec.encode(f.index(), captureMs, f.width(), f.height(), f.rgb(), encoding);
    RecordHeaders headers = new RecordHeaders();
    frameCodec.writeHeaders(frame.metadata(), headers);
    producer.send(
        new ProducerRecord<>(topic, null, StreamIds.encode(f.streamId()), frame.data(), headers),
        callback);
  }

  /** A frame waiting in its stream's clip, with its capture time. */
  private record Timed(SourceFrame frame, long captureMs) {}

  /** Adds a frame to its stream's clip; sends the clip when it has T frames. */
  private boolean addToClip(
      Map<String, List<Timed>> pending, SourceFrame f, long captureMs, Callback callback) {
    List<Timed> clip = pending.computeIfAbsent(f.streamId(), k -> new ArrayList<>());
    if (!clip.isEmpty() && !continues(clip.get(clip.size() - 1).frame(), f)) {
      clip.clear(); // a gap or a size change: start a new clip
    }
    clip.add(new Timed(f, captureMs));
    if (clip.size() < clipFrames) {
      return false;
    }
    SourceFrame first = clip.get(0).frame();
    int frameBytes = first.rgb().length;
    byte[] pixels = new byte[frameBytes * clipFrames];
    long[] capture = new long[clipFrames];
    for (int t = 0; t < clipFrames; t++) {
      System.arraycopy(clip.get(t).frame().rgb(), 0, pixels, t * frameBytes, frameBytes);
      capture[t] = clip.get(t).captureMs();
    }
    Clip value =
        new Clip(clipFrames, first.height(), first.width(), pixels, first.index(), capture);
    producer.send(
        new ProducerRecord<>(topic, StreamIds.encode(f.streamId()), clipCodec.encode(value)),
        callback);
    clip.clear();
    return true;
  }

  private static boolean continues(SourceFrame last, SourceFrame next) {
    return next.index() == last.index() + 1
        && next.width() == last.width()
        && next.height() == last.height();
  }
}
