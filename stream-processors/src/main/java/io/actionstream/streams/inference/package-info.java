/**
 * The inference step: the processor that turns each clip into one prediction record through a
 * {@link io.actionstream.streams.predictor.Predictor}, one clip per call or micro-batched ({@link
 * io.actionstream.streams.inference.InferenceBatching}: a batcher per stream thread, run when full,
 * after the max wait, and before every commit through hooked Kafka clients).
 */
package io.actionstream.streams.inference;
