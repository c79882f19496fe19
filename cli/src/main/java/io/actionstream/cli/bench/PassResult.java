package io.actionstream.cli.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One end-to-end window.
 *
 * @param clips clips sent (streams x clips per stream)
 * @param frames frames sent
 * @param predicted clips that got a prediction
 * @param duplicates predictions of a clip beyond its first
 * @param unexpected predictions of clips this window did not send
 * @param offeredClipsPerSecond the pace frames were sent at, in clips/s; {@code null}: as fast as
 *     the producer could hand them over
 * @param seconds from the first frame handed to the producer to the last prediction consumed
 * @param clipsPerSecond {@code predicted / seconds}
 * @param p50Ms median latency, prediction consumed minus the clip's last frame produced (ms)
 * @param p99Ms 99th percentile latency (ms)
 * @param modelSeconds time spent inside the predictor during the window, all its calls together
 * @param modelClips clips the predictor computed during the window
 */
public record PassResult(
    int clips,
    long frames,
    int predicted,
    int duplicates,
    int unexpected,
    Double offeredClipsPerSecond,
    double seconds,
    double clipsPerSecond,
    double p50Ms,
    double p99Ms,
    double modelSeconds,
    long modelClips) {
  /**
   * The share of the window the model was busy ({@code modelSeconds / seconds}); below 1 the model
   * waited for the pipeline.
   */
  @JsonProperty("modelBusy")
  public double modelBusy() {
    return seconds > 0 ? modelSeconds / seconds : 0;
  }

  /**
   * Clips per second of model time ({@code modelClips / modelSeconds}): the model's own speed while
   * it ran in the pipeline, to compare with the raw figure.
   */
  @JsonProperty("modelClipsPerSecond")
  public double modelClipsPerSecond() {
    return modelSeconds > 0 ? modelClips / modelSeconds : 0;
  }

  /** Whether every clip got exactly one prediction and nothing else arrived. */
  public boolean exactlyOnePerClip() {
    return predicted == clips && duplicates == 0 && unexpected == 0;
  }
}
