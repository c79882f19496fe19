package io.actionstream.trainer.train;

/**
 * Outcome of one training epoch, supervised or not.
 *
 * @param meanLoss mean loss per clip
 * @param clips clips trained on
 * @param samplesPerSecond throughput
 */
public record EpochResult(double meanLoss, long clips, double samplesPerSecond) {}
