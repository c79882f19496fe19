package io.actionstream.streams.assembly;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.image.RgbImage;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.Frame;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireError;
import io.actionstream.core.wire.WireFormatException;
import io.actionstream.streams.deadletter.DeadLetterRouter;
import io.actionstream.streams.deadletter.StreamErrors;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.stores.FrameHistory;
import io.actionstream.streams.stores.StateStores;
import io.actionstream.streams.stores.StreamFrameKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns frame records into clip records, per stream, following {@link ClipWindow}'s rules. Reads
 * raw bytes: a frame whose key, headers or image cannot be read goes to the dead-letter topic with
 * its {@code WireError} code, as do late and duplicate frames ({@link StreamErrors}). Each image is
 * decoded, and resized to the model's H×W when {@code frames.resize} says so, by {@link
 * FramePixels} on arrival: the window holds clip-sized frames.
 *
 * <p>Each stream's window lives in the changelogged store {@link StateStores#CLIP_WINDOWS} (key =
 * stream id), its frames' pixels in {@link StateStores#CLIP_FRAMES} (one record per frame); with
 * label references on, each accepted frame is also kept in {@link FrameHistory} and forgotten with
 * its stream. Idle streams expire by a <b>wall-clock</b> punctuation: a window whose last frame was
 * added more than the idle expiry ago (processor wall-clock time) is deleted, so streams expire
 * even when their partition receives nothing else (stream time would not advance then).
 *
 * <p><b>Output.</b> Each clip is encoded with the clip codec ({@code ASCL}, key = the stream id's
 * bytes) and forwarded to one child node, named at construction: the inference processor (clips
 * handed over in memory, {@code assembly.output=inference}) or the clips sink ({@code
 * clips-topic}). Either way the record is exactly what a producer of pre-cut clips would write.
 *
 * <p><b>Clip size.</b> A clip over the clip codec's record limit could not be encoded or written
 * (under exactly-once a failing sink would abort and replay the transaction forever). A frame whose
 * raw clip ({@link ClipCodec#rawEncodedBytes}) would exceed the codec's limit is therefore
 * dead-lettered as {@code OVERSIZE} before it touches the window.
 */
public final class ClipAssembler implements Processor<byte[], byte[], Object, Object> {
  /** Name of the clips sink node (the child with {@code assembly.output=clips-topic}). */
  public static final String CLIPS_SINK = "clips-sink";

  private static final Logger LOG = LoggerFactory.getLogger(ClipAssembler.class);

  private final FrameCodec codec;
  private final FramePixels framePixels;
  private final FrameSampler sampler; // null: every frame joins the window
  private KeyValueStore<String, byte[]> samples;
  private final ClipCodec clipCodec;
  private final String clipsChild;
  private final AssemblyRules rules;
  private final Duration idleExpiry;
  private final int maxClipBytes;
  private final int historyFrames;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> windows;
  private KeyValueStore<Bytes, byte[]> windowFrames;
  private FrameHistory history;
  private final TopologyListener listener;
  private DeadLetterRouter deadLetters;

  /**
   * An assembler with the given codecs, rules and idle expiry.
   *
   * @param codec reads frame records
   * @param pixels decodes (and resizes) their images
   * @param sampler samples fast streams down to {@code clip.fps} ({@link StateStores#FRAME_SAMPLES}
   *     connected), or null for every frame
   * @param clipCodec encodes the clips it emits; its record limit bounds the clip size
   * @param clipsChild the node clips are forwarded to (the inference processor or the clips sink)
   * @param historyFrames frames per stream to keep in {@link StateStores#FRAME_HISTORY} for label
   *     references, 0 for none (the store is then not connected)
   * @param listener told about dead letters
   */
  public ClipAssembler(
      FrameCodec codec,
      FramePixels pixels,
      FrameSampler sampler,
      ClipCodec clipCodec,
      String clipsChild,
      AssemblyRules rules,
      Duration idleExpiry,
      int historyFrames,
      TopologyListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.framePixels = Objects.requireNonNull(pixels, "pixels");
    this.sampler = sampler;
    this.clipCodec = Objects.requireNonNull(clipCodec, "clipCodec");
    this.clipsChild = Objects.requireNonNull(clipsChild, "clipsChild");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.idleExpiry = Objects.requireNonNull(idleExpiry, "idleExpiry");
    this.maxClipBytes = clipCodec.limits().maxRecordBytes();
    this.historyFrames = historyFrames;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.windows = context.getStateStore(StateStores.CLIP_WINDOWS);
    this.windowFrames = context.getStateStore(StateStores.CLIP_FRAMES);
    if (sampler != null) {
      this.samples = context.getStateStore(StateStores.FRAME_SAMPLES);
    }
    if (historyFrames > 0) {
      this.history =
          new FrameHistory(context.getStateStore(StateStores.FRAME_HISTORY), historyFrames);
    }
    this.deadLetters = new DeadLetterRouter(context, listener);
    context.schedule(scanInterval(idleExpiry), PunctuationType.WALL_CLOCK_TIME, this::expire);
  }

  /** How often idle windows are looked for: a quarter of the expiry, within 100 ms..60 s. */
  public static Duration scanInterval(Duration idleExpiry) {
    long ms = Math.max(100, Math.min(60_000, idleExpiry.toMillis() / 4));
    return Duration.ofMillis(ms);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    List<byte[]> clips = new ArrayList<>();
    String streamId;
    try {
      streamId = StreamIds.decode(record.key());
      if (record.value() == null) {
        return; // tombstones carry no frame
      }
      Frame frame = codec.read(record.headers(), record.value());
      FrameMetadata m = frame.metadata();
      checkClipSize(streamId, framePixels.width(m), framePixels.height(m));
      Admitted admitted = sampler == null ? asArrived(frame) : sampled(streamId, frame);
      if (admitted == null || !addToWindow(record, streamId, admitted, clips)) {
        return;
      }
    } catch (StreamsException e) {
      throw e; // state store and task failures are Kafka Streams' to handle, not the record's
    } catch (RuntimeException e) {
      deadLetters.route(record, e);
      return;
    }
    byte[] key = StreamIds.encode(streamId);
    for (byte[] clip : clips) {
      context.forward(
          new Record<Object, Object>(key, clip, record.timestamp(), new RecordHeaders()),
          clipsChild);
    }
  }

  /**
   * A frame for the window: its index there, capture time, pixels, the frame the history keeps, and
   * what to store once the window is stored.
   */
  private record Admitted(
      long index, long captureMs, RgbImage rgb, Frame history, Runnable afterStored) {}

  private Admitted asArrived(Frame frame) {
    FrameMetadata m = frame.metadata();
    return new Admitted(m.frameIndex(), m.captureTimeMs(), framePixels.decode(frame), frame, null);
  }

  /**
   * The frame the sampler decides by this one (null while its sample is undecided or when it is not
   * needed). A frame that becomes a candidate is decoded now, so a bad image is dead-lettered with
   * its own record.
   */
  private Admitted sampled(String streamId, Frame frame) {
    FrameMetadata m = frame.metadata();
    byte[] stored = samples.get(streamId);
    FrameSampler.Pending pending = stored == null ? null : FrameSampler.Pending.decode(stored);
    FrameSampler.Decision decision = sampler.decide(m.captureTimeMs(), pending);
    if (decision == FrameSampler.Decision.SURPLUS) {
      LOG.debug("stream '{}': frame {} not needed at clip.fps", streamId, m.frameIndex());
      listener.frameSkipped(TopologyListener.SKIPPED_SURPLUS);
      return null;
    }
    RgbImage rgb = framePixels.decode(frame);
    byte[] next =
        new FrameSampler.Pending(
                sampler.sample(m.captureTimeMs()),
                m.frameIndex(),
                m.captureTimeMs(),
                rgb.width(),
                rgb.height(),
                rgb.pixels())
            .encode();
    if (decision != FrameSampler.Decision.DECIDE_PENDING) {
      samples.put(streamId, next);
      if (decision == FrameSampler.Decision.REPLACE) {
        listener.frameSkipped(TopologyListener.SKIPPED_SURPLUS); // the pending frame it replaces
      }
      return null;
    }
    Frame kept =
        new Frame(
            new FrameMetadata(
                pending.sample(),
                pending.captureMs(),
                pending.width(),
                pending.height(),
                FrameEncoding.RAW_RGB8),
            pending.rgb());
    return new Admitted(
        pending.sample(),
        pending.captureMs(),
        new RgbImage(pending.width(), pending.height(), pending.rgb()),
        kept,
        () -> samples.put(streamId, next));
  }

  /**
   * Adds {@code admitted} to its stream's window and collects the clips it completes; false if it
   * was dead-lettered (late or duplicate) or was a stale pending sample, dropped.
   */
  private boolean addToWindow(
      Record<byte[], byte[]> record, String streamId, Admitted admitted, List<byte[]> clips) {
    byte[] stored = windows.get(streamId);
    StoredPixels pixels = new StoredPixels(windowFrames, streamId);
    ClipWindow window =
        stored == null ? ClipWindow.empty(pixels) : ClipWindow.decode(stored, pixels);
    ClipWindow.AddResult result;
    try {
      result = add(window, admitted);
    } catch (ClipWindow.MissingPixelsException e) {
      // only after a restore that brought back the window but not all its frames
      LOG.warn(
          "stream '{}': {}; its window restarts at frame {}",
          streamId,
          e.getMessage(),
          admitted.index());
      StreamFrameKeys.deleteRange(windowFrames, streamId, 0, Long.MAX_VALUE);
      pixels = new StoredPixels(windowFrames, streamId);
      window = ClipWindow.empty(pixels);
      result = add(window, admitted);
    }
    if (result.outcome() != ClipWindow.Outcome.ACCEPTED && admitted.afterStored() != null) {
      // a decided sample the window already has or is past: the pending frame is stale, which
      // happens only after a restore that brought clip-windows back ahead of frame-samples. Drop it
      // and keep this record's frame as the new pending one; dead-lettering this record instead
      // would repeat for every later frame of the stream.
      LOG.warn(
          "stream '{}': dropped pending sample {}, {} the window (start {}); state restored unevenly?",
          streamId,
          admitted.index(),
          result.outcome() == ClipWindow.Outcome.LATE ? "before" : "already in",
          window.start());
      admitted.afterStored().run();
      listener.frameSkipped(TopologyListener.SKIPPED_STALE);
      return false;
    }
    switch (result.outcome()) {
      case LATE -> {
        deadLetters.route(
            record,
            StreamErrors.LATE_FRAME,
            "stream '"
                + streamId
                + "': expected frame index >= "
                + window.start()
                + " (window start), got "
                + admitted.index());
        return false;
      }
      case DUPLICATE -> {
        deadLetters.route(
            record,
            StreamErrors.DUPLICATE_FRAME,
            "stream '" + streamId + "': frame " + admitted.index() + " is already in the window");
        return false;
      }
      case ACCEPTED -> {}
    }
    if (result.restarts() > 0) {
      LOG.info(
          "stream '{}': window restarted at frame {} (size change or gap)",
          streamId,
          window.start());
    }
    for (Clip clip : result.clips()) {
      clips.add(clipCodec.encode(clip));
    }
    // stored last: a frame that fails above leaves the window and its pixels as they were
    windows.put(streamId, window.encode());
    pixels.flush();
    if (admitted.afterStored() != null) {
      admitted.afterStored().run();
    }
    if (history != null) {
      history.add(streamId, admitted.history());
    }
    return true;
  }

  private ClipWindow.AddResult add(ClipWindow window, Admitted admitted) {
    return window.add(
        admitted.index(),
        admitted.captureMs(),
        admitted.rgb().width(),
        admitted.rgb().height(),
        admitted.rgb().pixels(),
        context.currentSystemTimeMs(),
        rules);
  }

  /**
   * Refuses a frame whose clip would be over the clip record limit.
   *
   * @throws WireFormatException OVERSIZE
   */
  private void checkClipSize(String streamId, int width, int height) {
    long clipBytes = ClipCodec.rawEncodedBytes(rules.frames(), height, width);
    if (clipBytes > maxClipBytes) {
      throw new WireFormatException(
          WireError.OVERSIZE,
          "stream '"
              + streamId
              + "': a clip of "
              + rules.frames()
              + " raw "
              + width
              + "x"
              + height
              + " frames would be "
              + clipBytes
              + " bytes, over the clip record limit of "
              + maxClipBytes
              + " bytes");
    }
  }

  private void expire(long nowMs) {
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = windows.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> e = it.next();
        if (nowMs - ClipWindow.lastSeenMs(e.value) > idleExpiry.toMillis()) {
          idle.add(e.key);
        }
      }
    }
    for (String streamId : idle) {
      windows.delete(streamId);
      StreamFrameKeys.deleteRange(windowFrames, streamId, 0, Long.MAX_VALUE);
      if (samples != null) {
        samples.delete(streamId);
      }
      if (history != null) {
        history.forget(streamId);
      }
      LOG.info("stream '{}': assembly window expired after {} idle", streamId, idleExpiry);
    }
  }
}
