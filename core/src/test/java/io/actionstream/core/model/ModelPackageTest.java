package io.actionstream.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Slot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageTest {
  @TempDir Path dir;

  private final PropertySchema schema = PropertySchema.defaultSchema();

  private ModelManifest manifest(String sha) {
    return new ModelManifest(
        ModelManifest.FORMAT_VERSION,
        "action-convlstm",
        "v1",
        "2026-11-26T10:00:00Z",
        ModelManifest.slotSpecs(schema),
        new ModelManifest.InputSpec(
            "clip", "mask", 16, 3, 64, 64, ModelManifest.Normalisation.unit()),
        schema.slotNames().stream()
            .map(s -> new ModelManifest.OutputSpec(s, "prob_" + s, null))
            .toList(),
        "model.onnx",
        sha,
        Map.of("mode", "supervised"),
        Map.of("test.sentence_accuracy", 0.9),
        null);
  }

  private ModelManifest writePackage() throws IOException {
    Path model = dir.resolve("model.onnx");
    Files.write(model, "not really onnx".getBytes(StandardCharsets.UTF_8));
    ModelManifest m = manifest(ModelPackage.sha256(model));
    ModelPackage.writeManifest(dir, m);
    return m;
  }

  @Test
  void shouldOpenAPackageWhoseChecksumMatches() throws IOException {
    writePackage();
    ModelPackage pkg = ModelPackage.open(dir);
    assertEquals("v1", pkg.manifest().version());
    assertEquals(schema, pkg.manifest().propertySchema());
    assertEquals(dir.resolve("model.onnx"), pkg.modelFile());
    assertEquals(0.9, pkg.manifest().metrics().get("test.sentence_accuracy"));
    assertEquals(SlotPrediction.JOINT, pkg.manifest().parsedSlotPrediction(), "absent: joint");
  }

  @Test
  void shouldKeepSlotPredictionThroughTheManifestFileAndRefuseUnknownValues() throws IOException {
    ModelManifest m = writePackage().withSlotPrediction(SlotPrediction.PER_SLOT);
    ModelPackage.writeManifest(dir, m);
    assertEquals(SlotPrediction.PER_SLOT, ModelPackage.open(dir).manifest().parsedSlotPrediction());
    assertTrue(Files.readString(dir.resolve(ModelPackage.MANIFEST_FILE)).contains("\"per_slot\""));
    ModelPackageException e =
        assertThrows(
            ModelPackageException.class,
            () ->
                new ModelManifest(
                        m.formatVersion(),
                        m.name(),
                        m.version(),
                        m.createdAt(),
                        m.schema(),
                        m.input(),
                        m.outputs(),
                        m.modelFile(),
                        m.sha256(),
                        m.training(),
                        m.metrics(),
                        "sideways")
                    .validate());
    assertEquals(ModelPackageException.Reason.INVALID_MANIFEST, e.reason());
    assertTrue(e.getMessage().contains("slotPrediction must be joint or per_slot"), e.getMessage());
  }

  @Test
  void shouldRefuseAPackageWhoseModelFileChanged() throws IOException {
    writePackage();
    Files.write(dir.resolve("model.onnx"), "tampered".getBytes(StandardCharsets.UTF_8));
    ModelPackageException e =
        assertThrows(ModelPackageException.class, () -> ModelPackage.open(dir));
    assertEquals(ModelPackageException.Reason.BAD_CHECKSUM, e.reason());
  }

  @Test
  void shouldRefuseAPackageWithoutModelFile() throws IOException {
    writePackage();
    Files.delete(dir.resolve("model.onnx"));
    ModelPackageException e =
        assertThrows(ModelPackageException.class, () -> ModelPackage.open(dir));
    assertEquals(ModelPackageException.Reason.MISSING_FILE, e.reason());
  }

  @Test
  void shouldRefuseMalformedManifestJson() throws IOException {
    Files.writeString(dir.resolve("manifest.json"), "{\"formatVersion\": 1, \"name\": ");
    ModelPackageException e =
        assertThrows(ModelPackageException.class, () -> ModelPackage.open(dir));
    assertEquals(ModelPackageException.Reason.INVALID_MANIFEST, e.reason());
  }

  @Test
  void shouldNameTheMissingFieldOfAnIncompleteManifest() {
    ModelManifest noOutputs =
        new ModelManifest(
            1,
            "m",
            "v",
            null,
            ModelManifest.slotSpecs(schema),
            manifest("0".repeat(64)).input(),
            List.of(),
            "model.onnx",
            "0".repeat(64),
            null,
            null,
            null);
    ModelPackageException e = assertThrows(ModelPackageException.class, noOutputs::validate);
    assertEquals(ModelPackageException.Reason.INVALID_MANIFEST, e.reason());
    assertTrue(e.getMessage().contains("outputs"), e.getMessage());
    ModelPackageException badSha =
        assertThrows(ModelPackageException.class, () -> manifest("abc").validate());
    assertTrue(badSha.getMessage().contains("sha256"), badSha.getMessage());
  }

  @Test
  void shouldRefuseAModelTrainedOnAnotherVocabularyOrShape() {
    ModelManifest m = manifest("0".repeat(64));
    PropertySchema other = new PropertySchema(List.of(new Slot("size", List.of("small", "large"))));
    assertEquals(
        ModelPackageException.Reason.SCHEMA_MISMATCH,
        assertThrows(ModelPackageException.class, () -> m.requireCompatible(other, 16, 64, 64))
            .reason());
    assertEquals(
        ModelPackageException.Reason.SHAPE_MISMATCH,
        assertThrows(ModelPackageException.class, () -> m.requireCompatible(schema, 8, 64, 64))
            .reason());
    m.requireCompatible(schema, 16, 64, 64);
  }

  @Test
  void metadataPropsCarryProvenance() {
    Map<String, String> props = manifest("0".repeat(64)).toMetadataProps();
    assertEquals("v1", props.get("actionstream.version"));
    assertEquals("supervised", props.get("actionstream.training.mode"));
    assertEquals("0.9", props.get("actionstream.metrics.test.sentence_accuracy"));
    assertEquals(schema.fingerprint(), props.get("actionstream.schema"));
  }

  @Test
  void shouldKeepTheSchemaErrorAsCauseOfAnInvalidManifest() {
    ModelManifest m = manifest("0".repeat(64));
    List<ModelManifest.SlotSpec> twice = List.of(m.schema().get(0), m.schema().get(0));
    ModelManifest bad =
        new ModelManifest(
            m.formatVersion(),
            m.name(),
            m.version(),
            m.createdAt(),
            twice,
            m.input(),
            m.outputs(),
            m.modelFile(),
            m.sha256(),
            m.training(),
            m.metrics(),
            m.slotPrediction());
    ModelPackageException e = assertThrows(ModelPackageException.class, bad::validate);
    assertEquals(ModelPackageException.Reason.INVALID_MANIFEST, e.reason());
    assertTrue(e.getCause() instanceof io.actionstream.core.schema.SchemaException, "cause");
  }
}
