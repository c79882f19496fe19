package io.actionstream.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.actionstream.core.model.ModelPackageException.Reason;
import io.actionstream.core.schema.PropertySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package validator on hand-made graphs: the mistakes a user exporting from another framework
 * makes (docs/model-package.md, "Exporting from PyTorch"), each refused with its documented reason
 * and a message naming the tensor or field. The graphs declare their inputs, outputs and metadata
 * only: the validator reads those, never runs a graph.
 */
class ModelPackageValidatorTest {
  private static final PropertySchema SCHEMA = HandMadePackage.SCHEMA;
  private static final int T = HandMadePackage.T;
  private static final int H = HandMadePackage.H;
  private static final int W = HandMadePackage.W;

  @TempDir Path dir;

  private final HandMadePackage pkg = new HandMadePackage();

  private Path writePackage() throws IOException {
    return pkg.write(dir);
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
    pkg.metadata.put(ModelPackageValidator.SCHEMA_KEY, SCHEMA.fingerprint());
    pkg.metadata.put(ModelPackageValidator.INPUT_KEY, "T=4,C=3,H=16,W=16");
    writePackage();
    ModelPackage valid = ModelPackageValidator.validate(dir, SCHEMA, T, H, W);
    assertEquals("from-pytorch", valid.manifest().name());
  }

  @Test
  void shouldRefuseAFloat64Clip() throws IOException {
    pkg.clipType = OnnxMl.TensorProto.DataType.DOUBLE;
    writePackage();
    assertRefused(Reason.SHAPE_MISMATCH, "'clip' is a double tensor; the contract needs float32");
  }

  @Test
  void shouldRefuseAUint8Clip() throws IOException {
    pkg.clipType = OnnxMl.TensorProto.DataType.UINT8;
    writePackage();
    assertRefused(Reason.SHAPE_MISMATCH, "'clip' is a uint8 tensor");
  }

  @Test
  void shouldRefuseAGraphExportedWithAFixedBatchOfOne() throws IOException {
    pkg.fixedBatch = 1L;
    writePackage();
    assertRefused(Reason.SHAPE_MISMATCH, "'clip' has a fixed batch of 1");
  }

  @Test
  void shouldRefuseSchemaMetadataThatContradictsTheManifest() throws IOException {
    pkg.metadata.put(ModelPackageValidator.SCHEMA_KEY, "size=small|large");
    writePackage();
    assertRefused(Reason.SCHEMA_MISMATCH, "was exported for schema size=small|large");
  }

  @Test
  void shouldRefuseInputMetadataThatContradictsTheManifest() throws IOException {
    pkg.metadata.put(ModelPackageValidator.INPUT_KEY, "T=8,C=3,H=16,W=16");
    writePackage();
    assertRefused(Reason.SHAPE_MISMATCH, "was exported for input T=8,C=3,H=16,W=16");
  }

  @Test
  void shouldRefuseAnOutputTheManifestNamesButTheGraphLacks() throws IOException {
    pkg.logits = false;
    writePackage();
    assertRefused(Reason.MISSING_TENSOR, "'logits_size'");
  }

  @Test
  void shouldRefuseAFileThatIsNotOnnxWithMissingFile() throws IOException {
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "this is not a protobuf, just text that happens to be here");
    ModelPackage.writeManifest(dir, pkg.manifest(ModelPackage.sha256(file)));
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
