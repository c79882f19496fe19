package io.actionstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.model.ModelPackageException.Reason;
import io.actionstream.core.model.ModelPackageValidator;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Slot;
import io.actionstream.trainer.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A package whose graph, manifest or files disagree is refused, with the reason that says why. */
class ExportedPackageValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  private static Path good;

  @TempDir Path dir;

  @BeforeAll
  static void exportOnePackage() throws IOException {
    Path run =
        FakeRuns.create(
            Files.createDirectories(shared.resolve("run")),
            FakeRuns.tiny(ModelConfig.Head.SLOTS, ModelConfig.MaskInput.FEATURES),
            3);
    good = shared.resolve("pkg");
    new ModelPackageExporter(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC))
        .export(run, good, null, null);
  }

  @Test
  void shouldAcceptTheExportedPackage() {
    ModelPackage pkg = ModelPackageValidator.validate(good);
    assertEquals("action-convlstm", pkg.manifest().name());
    assertTrue(pkg.manifest().version().startsWith("2026-01-02T03-04-05Z-"));
    ModelPackageValidator.validate(good, PropertySchema.defaultSchema(), 4, 16, 16);
    assertEquals(
        io.actionstream.core.image.ResizePolicy.CROP,
        pkg.manifest().input().resizePolicy(),
        "the run's data.resize, as input.resize");
    assertEquals(
        "joint",
        pkg.manifest().slotPrediction(),
        "a run without training.augment is asked all slots at once");
  }

  @Test
  void shouldRefuseAnUnknownResizePolicy() throws IOException {
    Path pkg = copy();
    editManifest(pkg, m -> ((ObjectNode) m.get("input")).put("resize", "zoom"));
    ModelPackageException e = assertReason(Reason.INVALID_MANIFEST, pkg);
    assertTrue(e.getMessage().contains("input.resize"), e.getMessage());
  }

  @Test
  void shouldRefuseAModelFileWithAnotherChecksum() throws IOException {
    Path pkg = copy();
    Files.write(pkg.resolve("model.onnx"), new byte[] {0}, StandardOpenOption.APPEND);
    assertReason(Reason.BAD_CHECKSUM, pkg);
  }

  @Test
  void shouldRefuseATamperedPartGraph() throws IOException {
    Path pkg = copy();
    Files.write(pkg.resolve("head.onnx"), new byte[] {0}, StandardOpenOption.APPEND);
    assertReason(Reason.BAD_CHECKSUM, pkg);
  }

  @Test
  void shouldRefuseAMissingModelFile() throws IOException {
    Path pkg = copy();
    Files.delete(pkg.resolve("model.onnx"));
    assertReason(Reason.MISSING_FILE, pkg);
  }

  @Test
  void shouldRefuseAManifestNamingAnInputTheGraphLacks() throws IOException {
    Path pkg = copy();
    editManifest(pkg, m -> ((ObjectNode) m.get("input")).put("clipName", "frames"));
    ModelPackageException e = assertReason(Reason.MISSING_TENSOR, pkg);
    assertTrue(e.getMessage().contains("'frames'"), e.getMessage());
  }

  @Test
  void shouldRefuseAManifestNamingAnOutputTheGraphLacks() throws IOException {
    Path pkg = copy();
    editManifest(
        pkg, m -> ((ObjectNode) m.get("outputs").get(1)).put("probabilities", "probs_colour"));
    assertReason(Reason.MISSING_TENSOR, pkg);
  }

  @Test
  void shouldRefuseAGraphThatLostAnOutput() throws IOException {
    Path pkg = copy();
    OnnxMl.ModelProto model = ModelPackageValidator.read(pkg.resolve("model.onnx"));
    OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
    for (int i = graph.getOutputCount() - 1; i >= 0; i--) {
      if (graph.getOutput(i).getName().equals("prob_shape")) {
        graph.removeOutput(i);
      }
    }
    Files.write(pkg.resolve("model.onnx"), model.toBuilder().setGraph(graph).build().toByteArray());
    String sha = ModelPackage.sha256(pkg.resolve("model.onnx"));
    editManifest(pkg, m -> m.put("sha256", sha));
    ModelPackageException e = assertReason(Reason.MISSING_TENSOR, pkg);
    assertTrue(e.getMessage().contains("prob_shape"), e.getMessage());
  }

  @Test
  void shouldRefuseAManifestWhoseSchemaIsNotTheGraphs() throws IOException {
    Path pkg = copy();
    // same word counts, another word: only the graph's schema fingerprint can tell
    editManifest(pkg, m -> ((ArrayNode) m.get("schema").get(1).get("words")).set(0, "scarlet"));
    assertReason(Reason.SCHEMA_MISMATCH, pkg);
  }

  @Test
  void shouldRefuseAManifestWithADifferentNumberOfWords() throws IOException {
    Path pkg = copy();
    editManifest(pkg, m -> ((ArrayNode) m.get("schema").get(1).get("words")).add("beige"));
    assertReason(Reason.SCHEMA_MISMATCH, pkg);
  }

  @Test
  void shouldRefuseAPackageForAnotherSchemaThanExpected() {
    List<Slot> slots = new ArrayList<>(PropertySchema.defaultSchema().slots());
    slots.set(0, new Slot(slots.get(0).name(), List.of("tiny", "huge")));
    ModelPackageException e =
        assertThrows(
            ModelPackageException.class,
            () -> ModelPackageValidator.validate(good, new PropertySchema(slots), 4, 16, 16));
    assertEquals(Reason.SCHEMA_MISMATCH, e.reason());
  }

  @Test
  void shouldRefuseAManifestWhoseInputSizeIsNotTheGraphs() throws IOException {
    Path pkg = copy();
    editManifest(pkg, m -> ((ObjectNode) m.get("input")).put("frames", 8));
    assertReason(Reason.SHAPE_MISMATCH, pkg);
    ModelPackageException e =
        assertThrows(
            ModelPackageException.class,
            () -> ModelPackageValidator.validate(good, PropertySchema.defaultSchema(), 8, 16, 16));
    assertEquals(Reason.SHAPE_MISMATCH, e.reason());
  }

  @Test
  void shouldRefuseAnInvalidManifest() throws IOException {
    Path pkg = copy();
    editManifest(pkg, m -> m.remove("version"));
    assertReason(Reason.INVALID_MANIFEST, pkg);
  }

  private static ModelPackageException assertReason(Reason reason, Path pkg) {
    ModelPackageException e =
        assertThrows(ModelPackageException.class, () -> ModelPackageValidator.validate(pkg));
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  private Path copy() throws IOException {
    Path target = Files.createDirectories(dir.resolve("copy"));
    try (Stream<Path> files = Files.list(good)) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    return target;
  }

  private static void editManifest(Path pkg, Consumer<ObjectNode> edit) throws IOException {
    Path file = pkg.resolve(ModelPackage.MANIFEST_FILE);
    ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(manifest);
    JSON.writeValue(file.toFile(), manifest);
  }
}
