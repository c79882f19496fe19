package io.actionstream.streams.stores;

/**
 * The names of the topology's state stores, in one place for the processors that write them, the
 * processors that read them and the tests. The first three are changelogged key-value stores
 * (changelog topics {@code <application.id>-<name>-changelog}); the frame history is local only.
 */
public final class StateStores {
  /**
   * Each stream's clip-assembly window (ClipAssembler): which frames it holds, not their pixels.
   */
  public static final String CLIP_WINDOWS = "clip-windows";

  /**
   * The pixels of the frames the windows hold, one record per frame ({@link StreamFrameKeys}),
   * changelogged: a frame is written once, not once per frame that follows it.
   */
  public static final String CLIP_FRAMES = "clip-frames";

  /**
   * Each stream's undecided frame while {@code clip.fps} samples it ({@code
   * assembly.FrameSampler}).
   */
  public static final String FRAME_SAMPLES = "frame-samples";

  /** Each stream's latest inferred clip, for masked-property queries ({@link LatestClips}). */
  public static final String LATEST_CLIPS = "latest-clips";

  /**
   * Each stream's latest frames as they arrived, for resolving label references ({@link
   * FrameHistory}; only while {@code labels.history.frames > 0}).
   */
  public static final String FRAME_HISTORY = "frame-history";

  private StateStores() {}
}
