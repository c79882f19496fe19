package io.actionstream.trainer.train;

import java.util.Map;

/**
 * One line of the metrics log ({@code metrics.jsonl}).
 *
 * @param epoch 1-based epoch
 * @param trainLoss mean training loss per clip over the epoch
 * @param valLoss mean validation loss per clip (all-ones mask)
 * @param valSentenceAccuracy validation whole-sentence accuracy
 * @param valSlotAccuracy validation accuracy per slot name
 * @param trainSamplesPerSecond training throughput
 * @param seconds wall time of the epoch, validation included
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double valLoss,
    double valSentenceAccuracy,
    Map<String, Double> valSlotAccuracy,
    double trainSamplesPerSecond,
    double seconds) {}
