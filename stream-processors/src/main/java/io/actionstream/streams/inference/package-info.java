/**
 * The inference step: the {@link io.actionstream.streams.inference.Predictor} boundary to a model
 * runtime and the processor that turns each clip into one prediction record.
 */
package io.actionstream.streams.inference;
