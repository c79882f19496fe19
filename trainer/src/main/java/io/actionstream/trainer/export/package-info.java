/**
 * ONNX export of trained action models and model packages.
 *
 * <p>{@link io.actionstream.trainer.export.OnnxExporter} walks an initialised DJL {@link
 * io.actionstream.trainer.model.ActionModel} and writes ONNX graphs (opset 17, IR 8) with Tribuo's
 * ONNX protobuf classes; {@link io.actionstream.trainer.export.ModelPackageExporter} turns a run
 * directory into a package ({@code model.onnx} + {@code manifest.json}) that {@link
 * io.actionstream.trainer.export.ExportParity} proved in ONNX Runtime and {@link
 * io.actionstream.core.model.ModelPackageValidator} checked. The contract is in {@code
 * docs/model-package.md}.
 */
package io.actionstream.trainer.export;
