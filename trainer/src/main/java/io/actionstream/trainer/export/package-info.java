/**
 * ONNX export of trained action models and model packages.
 *
 * <p>{@link io.actionstream.trainer.export.OnnxExporter} walks an initialised DJL {@link
 * io.actionstream.trainer.model.ActionModel} and writes ONNX graphs (opset 17, IR 8) with Tribuo's
 * ONNX protobuf classes; {@link io.actionstream.trainer.export.ModelPackageExporter} turns a run
 * directory into a verified package ({@code model.onnx} + {@code manifest.json}); {@link
 * io.actionstream.trainer.export.OnnxModelVerifier} checks a package's graph against its manifest
 * without a runtime. The contract is in {@code docs/model-package.md}.
 */
package io.actionstream.trainer.export;
