/**
 * Building blocks of the ONNX graphs the trainer writes: {@link
 * io.actionstream.trainer.onnx.OnnxGraph} (a graph over Tribuo's ONNX context, with DJL parameters
 * as initializers), the operators it may use ({@link io.actionstream.trainer.onnx.OnnxOps}) and the
 * ONNX form of DJL layers ({@link io.actionstream.trainer.onnx.OnnxLayers}). The model's blocks
 * write themselves with these ({@code toOnnx}); {@code trainer.export} assembles the graphs.
 */
package io.actionstream.trainer.onnx;
