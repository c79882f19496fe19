package io.actionstream.cli.bench;

import java.util.List;

/**
 * The predictor alone at one batch size.
 *
 * @param batchSize clips per call
 * @param clipsPerSecond median over the timed windows
 * @param callP50Ms median latency of one call (all windows together), in milliseconds
 * @param callP99Ms 99th percentile latency of one call, in milliseconds
 * @param windows clips/s of each timed window, in order
 * @param loadedWindows clips/s of each window timed beside a {@link CoreLoad} on every other core,
 *     in order; empty if none was asked for
 */
public record RawResult(
    int batchSize,
    double clipsPerSecond,
    double callP50Ms,
    double callP99Ms,
    List<Double> windows,
    List<Double> loadedWindows) {
  /** Copies the lists. */
  public RawResult {
    windows = List.copyOf(windows);
    loadedWindows = List.copyOf(loadedWindows);
  }
}
