package io.actionstream.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.actionstream.core.model.ModelPackageException.Reason;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package validator on hand-made graphs: the mistakes a user exporting from another framework
 * makes (docs/model-package.md, "Exporting from PyTorch"), each refused with its documented reason
 * and a message naming the tensor or field. The graphs declare their inputs, outputs and metadata
 * only: the validator reads those, never runs a graph.
 */
class ModelPackageValidatorTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();
  private static final int T = 4;
  private static final int H = 16;
  private static final int W = 16;

  @TempDir Path dir;

  /** What the hand-made graph declares; each test changes one thing. */
  private OnnxMl.TensorProto.DataType clipType = OnnxMl.TensorProto.DataType.FLOAT;

  private Long fixedBatch;
  private boolean logits = true;
  private final Map<String, String> metadata = new LinkedHashMap<>();

  private OnnxMl.ValueInfoProto tensor(
      String name, OnnxMl.TensorProto.DataType type, long... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    shape.addDim(
        fixedBatch == null
            ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
            : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(fixedBatch));
    for (long d : dims) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape)))
        .build();
  }

  /** Writes model.onnx and a manifest whose outputs name logits; returns the package directory. */
  private Path writePackage() throws IOException {
    OnnxMl.GraphProto.Builder graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("hand-made")
            .addInput(tensor("clip", clipType, T, 3, H, W))
            .addInput(tensor("mask", OnnxMl.TensorProto.DataType.FLOAT, SCHEMA.slotCount()));
    for (Slot slot : SCHEMA.slots()) {
      graph.addOutput(
          tensor("prob_" + slot.name(), OnnxMl.TensorProto.DataType.FLOAT, slot.size()));
      if (logits) {
        graph.addOutput(
            tensor("logits_" + slot.name(), OnnxMl.TensorProto.DataType.FLOAT, slot.size()));
      }
    }
    OnnxMl.ModelProto.Builder model =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(8)
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
            .setGraph(graph);
    metadata.forEach(
        (k, v) ->
            model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    Path file = dir.resolve("model.onnx");
    Files.write(file, model.build().toByteArray());
    ModelPackage.writeManifest(dir, manifest(ModelPackage.sha256(file)));
    return dir;
  }

  private static ModelManifest manifest(String sha) {
    return new ModelManifest(
        ModelManifest.FORMAT_VERSION,
        "from-pytorch",
        "1",
        "2026-12-04T10:00:00Z",
        ModelManifest.slotSpecs(SCHEMA),
        new ModelManifest.InputSpec("clip", "mask", T, 3, H, W, ModelManifest.Normalisation.unit()),
        SCHEMA.slotNames().stream()
            .map(s -> new ModelManifest.OutputSpec(s, "prob_" + s, "logits_" + s))
            .toList(),
        "model.onnx",
        sha,
        Map.of("framework", "pytorch"),
        Map.of("test.sentence_accuracy", 0.5));
  }

  private ModelPackageException refused() {
    return assertThrows(ModelPackageException.class, () -> ModelPackageValidator.validate(dir));
  }

  private void assertRefused(Reason reason, String text) {
    ModelPackageException e = refused();
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @Test
  void shouldAcceptAPackageThatFollowsTheContract() throws IOException {
    metadata.put(ModelPackageValidator.SCHEMA_KEY, SCHEMA.fingerprint());
    metadata.put(ModelPackageValidator.INPUT_KEY, "T=4,C=3,H=16,W=16");
    writePackage();
    ModelPackage pkg = ModelPackageValidator.validate(dir, SCHEMA, T, H, W);
    assertEquals("from-pytorch", pkg.manifest().name());
  }

  @Test
  void shouldRefuseAFloat64Clip() throws IOException {
    clipType = OnnxMl.TensorProto.DataType.DOUBLE;
    writePackage();
    assertRefused(Reason.SHAPE_MISMATCH, "'clip' is a double tensor; the contract needs float32");
  }

  @Test
  void shouldRefuseAUint8Clip() throws IOException {
    clipType = OnnxMl.TensorProto.DataType.UINT8;
    writePackage();
    assertRefused(Reason.SHAPE_MISMATCH, "'clip' is a uint8 tensor");
  }

  @Test
  void shouldRefuseAGraphExportedWithAFixedBatchOfOne() throws IOException {
    fixedBatch = 1L;
    writePackage();
    assertRefused(Reason.SHAPE_MISMATCH, "'clip' has a fixed batch of 1");
  }

  @Test
  void shouldRefuseSchemaMetadataThatContradictsTheManifest() throws IOException {
    metadata.put(ModelPackageValidator.SCHEMA_KEY, "size=small|large");
    writePackage();
    assertRefused(Reason.SCHEMA_MISMATCH, "was exported for schema size=small|large");
  }

  @Test
  void shouldRefuseInputMetadataThatContradictsTheManifest() throws IOException {
    metadata.put(ModelPackageValidator.INPUT_KEY, "T=8,C=3,H=16,W=16");
    writePackage();
    assertRefused(Reason.SHAPE_MISMATCH, "was exported for input T=8,C=3,H=16,W=16");
  }

  @Test
  void shouldRefuseAnOutputTheManifestNamesButTheGraphLacks() throws IOException {
    logits = false;
    writePackage();
    assertRefused(Reason.MISSING_TENSOR, "'logits_size'");
  }

  @Test
  void shouldRefuseAFileThatIsNotOnnxWithMissingFile() throws IOException {
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "this is not a protobuf, just text that happens to be here");
    ModelPackage.writeManifest(dir, manifest(ModelPackage.sha256(file)));
    assertRefused(Reason.MISSING_FILE, "model.onnx");
  }

  @Test
  void shouldRefuseAMetricThatIsNotAFiniteNumber() throws IOException {
    writePackage();
    Path manifest = dir.resolve(ModelPackage.MANIFEST_FILE);
    Files.writeString(manifest, Files.readString(manifest).replace("0.5", "\"NaN\""));
    assertRefused(Reason.INVALID_MANIFEST, "metrics.test.sentence_accuracy");
  }

  @Test
  void shouldIgnoreUnknownFieldsAtEveryLevelOfTheManifest() throws IOException {
    writePackage();
    Path manifest = dir.resolve(ModelPackage.MANIFEST_FILE);
    String json =
        Files.readString(manifest)
            .replace("\"clipName\"", "\"layout\" : \"NCHW\", \"clipName\"")
            .replace("\"mean\"", "\"space\" : \"sRGB\", \"mean\"")
            .replace("\"slot\" : \"size\"", "\"slot\" : \"size\", \"note\" : 1")
            .replace(
                "\"probabilities\" : \"prob_size\"",
                "\"probabilities\" : \"prob_size\", \"x\" : 2");
    Files.writeString(manifest, json);
    for (String unknown : new String[] {"layout", "space", "note", "x"}) {
      assertTrue(json.contains("\"" + unknown + "\" : "), unknown + " must be in " + json);
    }
    assertEquals("from-pytorch", ModelPackageValidator.validate(dir).manifest().name());
  }
}
