package io.actionstream.cli.bench;

import java.util.List;

/**
 * The whole pipeline at one batch size.
 *
 * @param batchSize {@code inference.max.batch.size}
 * @param clipsPerSecond median over the full-load windows
 * @param p50Ms median over the full-load windows of their median latency (ms); at full load this is
 *     mostly time queued behind earlier clips
 * @param p99Ms median over the full-load windows of their 99th percentile latency (ms)
 * @param windows the full-load windows, frames sent as fast as the producer takes them
 * @param paced the window at a fixed pace below the throughput, for latency; {@code null} if not
 *     run
 */
public record EndToEndResult(
    int batchSize,
    double clipsPerSecond,
    double p50Ms,
    double p99Ms,
    List<PassResult> windows,
    PassResult paced) {
  /** Copies the list. */
  public EndToEndResult {
    windows = List.copyOf(windows);
  }

  /** Whether every window gave every clip exactly one prediction. */
  public boolean exactlyOnePerClip() {
    return windows.stream().allMatch(PassResult::exactlyOnePerClip)
        && (paced == null || paced.exactlyOnePerClip());
  }
}
