package io.actionstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OrtSession;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageValidator;
import io.actionstream.core.model.SlotPrediction;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.trainer.batch.ClipTensors;
import io.actionstream.trainer.cli.TrainerCli;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.report.EvaluationReport;
import io.actionstream.trainer.run.TrainedModel;
import io.actionstream.trainer.run.TrainingRun;
import io.actionstream.trainer.train.Checkpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code actionstream-train export} on a run that {@link TrainingRun} trained: the package
 * verifies, carries the run's normalisation, provenance and metrics, and ONNX Runtime reproduces
 * the trained DJL model on generated, normalised clips.
 */
class ExportCommandTest {
  private static final PropertySchema SCHEMA = PropertySchema.defaultSchema();

  @TempDir static Path shared;
  private static Path run;

  @TempDir Path dir;

  @BeforeAll
  @Timeout(120)
  static void trainATinyRun() throws Exception {
    run = shared.resolve("run");
    Map<String, String> o = new HashMap<>();
    o.put("model.frames", "4");
    o.put("model.height", "16");
    o.put("model.width", "16");
    o.put("model.stem_channels", "[4]");
    o.put("model.hidden_channels", "[6]");
    o.put("model.head", "sentence");
    o.put("model.head_hidden", "8");
    o.put("model.pooling", "max_time");
    o.put("data.synthetic.clips", "60");
    o.put("data.split", "comp-colour-shape-easy");
    o.put("training.epochs", "1");
    o.put("training.masking", "true");
    o.put("training.augment", "colour=hue");
    o.put("training.batch_size", "8");
    o.put("training.max_batches_per_epoch", "3");
    o.put("training.normalisation_clips", "8");
    o.put("output.dir", run.toString());
    new TrainingRun(TrainConfigLoader.load(null, o), false).run(false);
  }

  record Result(int exit, String out, String err) {}

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TrainerCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  @Timeout(60)
  void shouldExportATrainedRunThatOnnxRuntimeReproduces() throws Exception {
    Path pkgDir = dir.resolve("pkg");
    Result r =
        cli(
            "export",
            "--run",
            run.toString(),
            "--out",
            pkgDir.toString(),
            "--name",
            "tiny",
            "--version",
            "1.0.0");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("exported tiny 1.0.0"), r.out());

    ModelPackage pkg = ModelPackageValidator.validate(pkgDir, SCHEMA, 4, 16, 16);
    ModelManifest m = pkg.manifest();
    TrainedModel trained = TrainedModel.read(run);
    assertEquals("1.0.0", m.version());
    assertEquals(
        List.of(trained.normalisation().mean()[0], trained.normalisation().std()[2]),
        List.of(m.input().normalisation().mean()[0], m.input().normalisation().std()[2]));
    assertTrue(m.metrics().containsKey("test.sentence_accuracy"), m.metrics().toString());
    assertTrue(m.metrics().containsKey("test_comp.sentence_accuracy"), m.metrics().toString());
    assertTrue(
        m.metrics().containsKey("test_comp.per_slot.sentence_accuracy"),
        "a masked run is also evaluated each slot alone: " + m.metrics());
    assertEquals("colour=hue", m.training().get("augment"));
    double joint =
        m.metrics().get("test.sentence_accuracy") + m.metrics().get("test_comp.sentence_accuracy");
    double alone =
        m.metrics().get("test.per_slot.sentence_accuracy")
            + m.metrics().get("test_comp.per_slot.sentence_accuracy");
    assertEquals(
        alone > joint ? SlotPrediction.PER_SLOT : SlotPrediction.JOINT,
        m.parsedSlotPrediction(),
        "chosen by the run's own figures: " + m.metrics());
    assertTrue(
        r.out().contains("  slots    asked " + m.parsedSlotPrediction().configName()), r.out());
    assertEquals("supervised", m.training().get("mode"));
    assertEquals("sentence", m.training().get("model.head"));
    assertEquals("max_time", m.training().get("model.pooling"));
    assertFalse(Files.exists(pkgDir.resolve(ModelPackageExporter.ENCODER_FILE)));
    OnnxChecker.assertOk(OnnxChecker.check(pkg.modelFile()));
    double parity = m.metrics().get(ModelPackageExporter.PARITY_METRIC);
    assertTrue(parity >= 0 && parity <= ExportParity.TOLERANCE, "parity " + parity);
    // readable by a service running as another user
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(pkgDir)));
    for (Path file : List.of(pkg.modelFile(), pkgDir.resolve(ModelPackage.MANIFEST_FILE))) {
      assertEquals(
          "rw-r--r--",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
          file.toString());
    }

    try (NDManager manager = Engines.pytorch().newBaseManager();
        OrtRunner ort = new OrtRunner(Files.readAllBytes(pkg.modelFile()))) {
      OrtSession session = ort.session();
      assertEquals(List.of("clip", "mask"), new ArrayList<>(session.getInputNames()));
      for (ModelManifest.OutputSpec o : m.outputs()) {
        assertTrue(session.getOutputNames().contains(o.probabilities()), o.probabilities());
        assertTrue(session.getOutputNames().contains(o.logits()), o.logits());
      }
      var meta = session.getMetadata();
      assertEquals(OnnxExporter.PRODUCER, meta.getProducerName());
      assertEquals("1.0.0", meta.getCustomMetadata().get("actionstream.version"));
      assertEquals(SCHEMA.fingerprint(), meta.getCustomMetadata().get("actionstream.schema"));
      assertEquals(
          String.valueOf(m.metrics().get("test_comp.sentence_accuracy")),
          meta.getCustomMetadata().get("actionstream.metrics.test_comp.sentence_accuracy"));

      ModelConfig config = trained.model().toModelConfig();
      ActionModel model = new ActionModel(config, SCHEMA);
      model.initialize(
          manager, DataType.FLOAT32, new Shape(1, 4, 3, 16, 16), new Shape(1, SCHEMA.slotCount()));
      Checkpoints.loadOrFail(model, manager, run.resolve(TrainedModel.PARAMETERS));
      ActionClipGenerator generator =
          new ActionClipGenerator(
              GeneratorConfig.builder().frames(4).size(16, 16).seed(99).build());
      List<LabelledClip> clips =
          List.of(generator.generate(0), generator.generate(1), generator.generate(2));
      float[] clip;
      try (NDManager scope = manager.newSubManager()) {
        clip =
            new ClipTensors(4, 16, 16, m.input().normalisation())
                .clips(scope, clips)
                .toFloatArray();
      }
      Shape clipShape = new Shape(3, 4, 3, 16, 16);
      double worst =
          Math.max(
              OnnxParityTest.assertParity(
                  manager, model, ort, clip, clipShape, OnnxParityTest.allOnes(3)),
              OnnxParityTest.assertParity(
                  manager, model, ort, clip, clipShape, OnnxParityTest.partial(3, new Random(4))));
      System.out.printf(
          "ONNX parity, trained run on generated clips: max |prob diff| = %.3g%n", worst);
    }
  }

  @Test
  void parityCheckShouldRefuseAGraphThatIsNotTheModel() throws Exception {
    ModelConfig config = TrainedModel.read(run).model().toModelConfig();
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      ActionModel trained = TinyModels.create(manager, config, 1);
      ActionModel other = TinyModels.create(manager, config, 2);
      byte[] graph = new OnnxExporter(trained).model("parity", Map.of()).toByteArray();
      assertTrue(
          new ExportParity(manager, trained).measure(graph, null, null) <= ExportParity.TOLERANCE);
      double error = new ExportParity(manager, other).measure(graph, null, null);
      assertTrue(error > ExportParity.TOLERANCE, "a different model must not pass: " + error);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> ExportParity.require(error));
      assertTrue(e.getMessage().contains("no package is written"), e.getMessage());
    }
  }

  @Test
  void shouldRefuseARunWhoseEvaluationHasANonFiniteFigure() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("nan-run"));
    try (var files = Files.list(run)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Path evaluation = copy.resolve(EvaluationReport.JSON_FILE);
    String json = Files.readString(evaluation);
    String broken = json.replaceFirst("(\"(mean_?[lL]oss|loss)\"\\s*:\\s*)[-0-9.eE]+", "$1\"NaN\"");
    assertFalse(json.equals(broken), "the test must corrupt a loss: " + json);
    Files.writeString(evaluation, broken);
    Result r = cli("export", "--run", copy.toString(), "--out", dir.resolve("p").toString());
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.err().contains(".loss = NaN"), r.err());
    assertFalse(Files.exists(dir.resolve("p")));
  }

  @Test
  void shouldFailClearlyWhenTheRunDoesNotExist() {
    Result r =
        cli(
            "export",
            "--run",
            dir.resolve("nope").toString(),
            "--out",
            dir.resolve("p").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("does not exist"), r.err());
  }

  @Test
  void shouldFailClearlyWhenTheRunHasNoBestParameters() throws Exception {
    Path partial = Files.createDirectories(dir.resolve("partial"));
    Files.copy(run.resolve(TrainedModel.FILE), partial.resolve(TrainedModel.FILE));
    Result r = cli("export", "--run", partial.toString(), "--out", dir.resolve("p").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("best.params does not exist"), r.err());
    assertFalse(Files.exists(dir.resolve("p")));
  }

  @Test
  void shouldNeverOverwriteAnExistingPackage() throws Exception {
    Path existing = Files.createDirectories(dir.resolve("existing"));
    Files.writeString(existing.resolve(ModelPackage.MANIFEST_FILE), "{}");
    Result r = cli("export", "--run", run.toString(), "--out", existing.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("not empty"), r.err());
    assertEquals("{}", Files.readString(existing.resolve(ModelPackage.MANIFEST_FILE)));
  }

  @Test
  void shouldRejectBadOptionsAsUsageErrors() {
    assertEquals(2, cli("export", "--run", run.toString()).exit());
    Result r =
        cli(
            "export",
            "--run",
            run.toString(),
            "--out",
            dir.resolve("p").toString(),
            "--version",
            "a/b");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--version"), r.err());
  }

  @Test
  @Timeout(60)
  void slotPredictionOptionShouldOverrideTheEvaluationsChoice() throws Exception {
    for (SlotPrediction forced : SlotPrediction.values()) {
      Path pkgDir = dir.resolve(forced.configName());
      Result r =
          cli(
              "export",
              "--run",
              run.toString(),
              "--out",
              pkgDir.toString(),
              "--slot-prediction",
              forced.configName().toUpperCase(Locale.ROOT));
      assertEquals(0, r.exit(), r.err());
      assertEquals(
          forced, ModelPackageValidator.validate(pkgDir).manifest().parsedSlotPrediction());
      assertTrue(r.out().contains("  slots    asked " + forced.configName()), r.out());
    }
    Result bad =
        cli(
            "export",
            "--run",
            run.toString(),
            "--out",
            dir.resolve("bad").toString(),
            "--slot-prediction",
            "each");
    assertEquals(2, bad.exit());
    assertTrue(
        bad.err().contains("--slot-prediction must be auto, joint or per_slot, got 'each'"),
        bad.err());
    assertFalse(Files.exists(dir.resolve("bad")));
  }

  @Test
  void slotPredictionShouldFollowTheMeanOfTheIidAndHeldOutSentenceAccuracy() {
    Map<String, Double> figures = new HashMap<>();
    assertEquals(SlotPrediction.JOINT, ModelPackageExporter.slotPrediction(figures), "no figures");
    figures.put("test.sentence_accuracy", 0.83);
    figures.put("test_comp.sentence_accuracy", 0.02);
    assertEquals(
        SlotPrediction.JOINT, ModelPackageExporter.slotPrediction(figures), "not evaluated alone");
    figures.put("test.per_slot.sentence_accuracy", 0.62);
    figures.put("test_comp.per_slot.sentence_accuracy", 0.38);
    assertEquals(SlotPrediction.PER_SLOT, ModelPackageExporter.slotPrediction(figures));
    figures.put("test_comp.per_slot.sentence_accuracy", 0.20);
    assertEquals(
        SlotPrediction.JOINT,
        ModelPackageExporter.slotPrediction(figures),
        "0.62 + 0.20 < 0.83 + 0.02: all at once");
    figures.remove("test_comp.sentence_accuracy");
    figures.remove("test_comp.per_slot.sentence_accuracy");
    assertEquals(
        SlotPrediction.JOINT,
        ModelPackageExporter.slotPrediction(figures),
        "an iid run: test only");
  }
}
