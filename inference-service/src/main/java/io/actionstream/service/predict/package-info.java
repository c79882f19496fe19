/**
 * The ONNX Runtime implementation of the topology's {@link
 * io.actionstream.streams.predictor.Predictor}: {@link
 * io.actionstream.service.predict.OnnxRuntimePredictor} loads a verified model package and runs it
 * on CPU or CUDA ({@link io.actionstream.service.predict.PredictorOptions}). See {@code
 * docs/operations.md}.
 */
package io.actionstream.service.predict;
