/**
 * The contract between the topology and a model runtime: {@link
 * io.actionstream.streams.predictor.Predictor} (implemented by the inference service with ONNX
 * Runtime, and by test fakes), its results, the clip shape it accepts, and {@link
 * io.actionstream.streams.predictor.ForwardingPredictor}, the base of predictor decorators.
 */
package io.actionstream.streams.predictor;
