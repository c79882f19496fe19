package io.actionstream.streams.stores;

/**
 * The names of the topology's state stores, in one place for the processors that write them, the
 * processors that read them and the tests. The first two are key-value stores keyed by stream id
 * and changelogged (their changelog topics are {@code <application.id>-<name>-changelog}); the
 * frame history is local only.
 */
public final class StateStores {
  /** Each stream's clip-assembly window (ClipAssembler). */
  public static final String CLIP_WINDOWS = "clip-windows";

  /** Each stream's latest inferred clip, for masked-property queries ({@link LatestClips}). */
  public static final String LATEST_CLIPS = "latest-clips";

  /**
   * Each stream's latest frames as they arrived, for resolving label references ({@link
   * FrameHistory}; only while {@code labels.history.frames > 0}).
   */
  public static final String FRAME_HISTORY = "frame-history";

  private StateStores() {}
}
