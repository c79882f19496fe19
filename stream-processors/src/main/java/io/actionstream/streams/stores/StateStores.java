package io.actionstream.streams.stores;

/**
 * The names of the topology's state stores, in one place for the processors that write them, the
 * query processor that reads them and the tests. Both are key-value stores keyed by stream id and
 * changelogged (their changelog topics are {@code <application.id>-<name>-changelog}).
 */
public final class StateStores {
  /** Each stream's clip-assembly window (ClipAssembler). */
  public static final String CLIP_WINDOWS = "clip-windows";

  /** Each stream's latest inferred clip, for masked-property queries ({@link LatestClips}). */
  public static final String LATEST_CLIPS = "latest-clips";

  private StateStores() {}
}
