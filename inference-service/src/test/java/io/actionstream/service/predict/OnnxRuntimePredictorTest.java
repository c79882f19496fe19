package io.actionstream.service.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.actionstream.core.clip.Clip;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.synth.ActionClipGenerator;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.service.predict.PredictorOptions.ExecutionProvider;
import io.actionstream.service.predict.PredictorOptions.Optimisation;
import io.actionstream.streams.predictor.PredictorResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** {@link OnnxRuntimePredictor} on the tiny model package in {@code models/tiny}. */
class OnnxRuntimePredictorTest {
  /** System property enabling the tests that need a CUDA device and the {@code -Pcuda} build. */
  static final String CUDA_TESTS = "actionstream.test.cuda";

  static final Path TINY = Path.of("src/test/resources/models/tiny");
  static final PredictorOptions CPU =
      PredictorOptions.defaults()
          .withExecutionProvider(ExecutionProvider.CPU)
          .withIntraOpThreads(1);

  static OnnxRuntimePredictor predictor;
  static List<Clip> clips;

  @BeforeAll
  static void open() {
    predictor = OnnxRuntimePredictor.open(TINY, CPU);
    ActionClipGenerator gen =
        new ActionClipGenerator(
            GeneratorConfig.builder().frames(4).size(32, 32).seed(7).build(), predictor.schema());
    clips = IntStream.range(0, 3).mapToObj(i -> gen.generate(i).clip()).toList();
  }

  @AfterAll
  static void close() {
    predictor.close();
  }

  static List<SlotMask> all(int n) {
    return java.util.Collections.nCopies(n, predictor.schema().allSlots());
  }

  @Test
  void opensTinyPackageWithManifestShapeAndVersion() {
    assertEquals(4, predictor.input().frames());
    assertEquals(32, predictor.input().height());
    assertEquals(32, predictor.input().width());
    assertEquals("tiny-1", predictor.modelVersion());
    assertEquals(4, predictor.schema().slotCount());
    assertEquals(ExecutionProvider.CPU, predictor.executionProvider());
  }

  @Test
  void perSlotProbabilitiesSumToOneAndScoresAreTheirArgmax() {
    float[][][] probs = predictor.probabilities(clips, all(clips.size()));
    PredictorResult result = predictor.predict(clips, all(clips.size()));
    assertEquals("tiny-1", result.modelVersion());
    assertEquals(clips.size(), result.scores().size());
    for (int b = 0; b < clips.size(); b++) {
      for (int k = 0; k < predictor.schema().slotCount(); k++) {
        float[] row = probs[b][k];
        assertEquals(predictor.schema().slot(k).words().size(), row.length);
        double sum = 0;
        int best = 0;
        for (int j = 0; j < row.length; j++) {
          sum += row[j];
          best = row[j] > row[best] ? j : best;
        }
        assertEquals(1.0, sum, 1e-5, "clip " + b + " slot " + k);
        assertEquals(best, result.scores().get(b).wordIds()[k]);
        assertEquals(row[best], result.scores().get(b).probabilities()[k], 1e-7);
      }
      // words() must fit the schema (the topology calls it).
      assertEquals(4, result.scores().get(b).words(predictor.schema()).size());
    }
  }

  @Test
  void agreesWithPlainOrtRunOnNaivelyNormalisedArrays() throws Exception {
    ModelManifest.Normalisation n = predictor.manifest().input().normalisation();
    int b = clips.size();
    float[][][][][] x = new float[b][4][3][32][32];
    for (int i = 0; i < b; i++) {
      byte[] px = clips.get(i).pixels();
      for (int t = 0; t < 4; t++) {
        for (int y = 0; y < 32; y++) {
          for (int xx = 0; xx < 32; xx++) {
            for (int c = 0; c < 3; c++) {
              int u8 = px[((t * 32 + y) * 32 + xx) * 3 + c] & 0xFF;
              x[i][t][c][y][xx] = (u8 / 255f - n.mean()[c]) / n.std()[c];
            }
          }
        }
      }
    }
    float[][] mask = new float[b][];
    for (int i = 0; i < b; i++) {
      mask[i] = predictor.schema().allSlots().toFloats();
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[][][] ours = predictor.probabilities(clips, all(b));
    try (OrtSession s = env.createSession(TINY.resolve("model.onnx").toString());
        OnnxTensor xt = OnnxTensor.createTensor(env, x);
        OnnxTensor mt = OnnxTensor.createTensor(env, mask);
        OrtSession.Result r = s.run(Map.of("clip", xt, "mask", mt))) {
      for (int k = 0; k < 4; k++) {
        String name = predictor.manifest().outputs().get(k).probabilities();
        float[][] ref = (float[][]) r.get(name).orElseThrow().getValue();
        for (int i = 0; i < b; i++) {
          assertArrayEquals(ref[i], ours[i][k], 1e-5f, name + " clip " + i);
        }
      }
    }
  }

  @Test
  void deterministicAndBatchIndependent() {
    float[][][] batch = predictor.probabilities(clips, all(clips.size()));
    float[][][] again = predictor.probabilities(clips, all(clips.size()));
    for (int i = 0; i < clips.size(); i++) {
      float[][][] single = predictor.probabilities(List.of(clips.get(i)), all(1));
      for (int k = 0; k < 4; k++) {
        assertArrayEquals(batch[i][k], again[i][k], 0f);
        assertArrayEquals(batch[i][k], single[0][k], 1e-5f);
      }
    }
  }

  @Test
  void partialMaskChangesOutputs() {
    SlotMask colourOnly = predictor.schema().maskOf(List.of("colour"));
    float[][][] full = predictor.probabilities(clips.subList(0, 1), all(1));
    float[][][] masked = predictor.probabilities(clips.subList(0, 1), List.of(colourOnly));
    boolean differs = false;
    for (int k = 0; k < 4; k++) {
      for (int j = 0; j < full[0][k].length; j++) {
        differs |= Math.abs(full[0][k][j] - masked[0][k][j]) > 1e-6;
      }
    }
    assertTrue(differs, "a partial mask should change the model's outputs");
  }

  @Test
  void perSlotPackagesAnswerEachAskedSlotFromAPassThatAskedItAlone(@TempDir Path dir)
      throws IOException {
    Path pkg = copyTiny(dir);
    editManifest(pkg, "\"modelFile\" :", "\"slotPrediction\" : \"per_slot\", \"modelFile\" :");
    List<SlotMask> masks =
        List.of(
            predictor.schema().allSlots(),
            predictor.schema().maskOf(List.of("colour", "action")),
            predictor.schema().maskOf(List.of("size")));
    try (OnnxRuntimePredictor perSlot = OnnxRuntimePredictor.open(pkg, CPU)) {
      assertEquals(io.actionstream.core.model.SlotPrediction.PER_SLOT, perSlot.slotPrediction());
      float[][][] got = perSlot.probabilities(clips, masks);
      PredictorResult scores = perSlot.predict(clips, masks);
      boolean differsFromJoint = false;
      float[][][] joint = predictor.probabilities(clips, masks);
      for (int i = 0; i < clips.size(); i++) {
        for (int k = 0; k < 4; k++) {
          if (!masks.get(i).isSet(k)) {
            continue;
          }
          float[] alone =
              predictor.probabilities(List.of(clips.get(i)), List.of(SlotMask.only(k, 4)))[0][k];
          assertArrayEquals(alone, got[i][k], 1e-5f, "clip " + i + " slot " + k);
          int best = 0;
          for (int j = 1; j < alone.length; j++) {
            best = alone[j] > alone[best] ? j : best;
          }
          assertEquals(best, scores.scores().get(i).wordIds()[k], "clip " + i + " slot " + k);
          for (int j = 0; j < alone.length; j++) {
            differsFromJoint |= Math.abs(joint[i][k][j] - alone[j]) > 1e-6;
          }
        }
      }
      assertTrue(differsFromJoint, "asking slots alone must change some answer of this model");
    }
    editManifest(pkg, "\"per_slot\"", "\"sideways\"");
    ModelPackageException e =
        assertThrows(ModelPackageException.class, () -> OnnxRuntimePredictor.open(pkg, CPU));
    assertEquals(ModelPackageException.Reason.INVALID_MANIFEST, e.reason());
    assertTrue(e.getMessage().contains("slotPrediction must be joint or per_slot"), e.getMessage());
  }

  @Test
  void concurrentCallsGiveTheSameAnswers() throws Exception {
    PredictorResult expected = predictor.predict(clips, all(clips.size()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<PredictorResult>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> predictor.predict(clips, all(clips.size()))));
      }
      for (Future<PredictorResult> f : futures) {
        PredictorResult r = f.get();
        for (int i = 0; i < clips.size(); i++) {
          assertArrayEquals(
              expected.scores().get(i).probabilities(), r.scores().get(i).probabilities(), 1e-6);
          assertArrayEquals(expected.scores().get(i).wordIds(), r.scores().get(i).wordIds());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void wrongClipSizeIsRefusedNamingExpectedAndGot() {
    Clip big = Clip.of(4, 64, 32, new byte[4 * 64 * 32 * 3]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> predictor.predict(List.of(big), all(1)));
    assertTrue(
        e.getMessage().contains("expected T=4 H=32 W=32, got T=4 H=64 W=32"), e.getMessage());
    Clip longer = Clip.of(5, 32, 32, new byte[5 * 32 * 32 * 3]);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> predictor.predict(List.of(longer), all(1)));
    assertTrue(e.getMessage().contains("got T=5"), e.getMessage());
  }

  @Test
  void maskCountAndSizeAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> predictor.predict(clips, all(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> predictor.predict(clips.subList(0, 1), List.of(SlotMask.all(3))));
    assertThrows(IllegalArgumentException.class, () -> predictor.predict(List.of(), List.of()));
  }

  @Test
  void tamperedModelIsRefusedWithBadChecksum(@TempDir Path dir) throws IOException {
    Path pkg = copyTiny(dir);
    byte[] model = Files.readAllBytes(pkg.resolve("model.onnx"));
    model[model.length / 2] ^= 0x01;
    Files.write(pkg.resolve("model.onnx"), model);
    ModelPackageException e =
        assertThrows(ModelPackageException.class, () -> OnnxRuntimePredictor.open(pkg, CPU));
    assertEquals(ModelPackageException.Reason.BAD_CHECKSUM, e.reason());
  }

  @Test
  void manifestNamingAMissingTensorIsRefused(@TempDir Path dir) throws IOException {
    Path pkg = copyTiny(dir);
    editManifest(pkg, "\"prob_shape\"", "\"prob_form\"");
    ModelPackageException e =
        assertThrows(ModelPackageException.class, () -> OnnxRuntimePredictor.open(pkg, CPU));
    assertEquals(ModelPackageException.Reason.MISSING_TENSOR, e.reason());
    assertTrue(e.getMessage().contains("prob_form"), e.getMessage());
  }

  @Test
  void manifestShapeDifferentFromGraphIsRefused(@TempDir Path dir) throws IOException {
    Path pkg = copyTiny(dir);
    editManifest(pkg, "\"frames\" : 4", "\"frames\" : 8");
    ModelPackageException e =
        assertThrows(ModelPackageException.class, () -> OnnxRuntimePredictor.open(pkg, CPU));
    assertEquals(ModelPackageException.Reason.SHAPE_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("'clip'"), e.getMessage());
  }

  @Test
  @DisabledIfSystemProperty(named = CUDA_TESTS, matches = "true")
  void cudaFailsClearlyOnTheCpuOnlyBuild() {
    PredictorOptions cuda = CPU.withExecutionProvider(ExecutionProvider.CUDA);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> OnnxRuntimePredictor.open(TINY, cuda));
    assertTrue(e.getMessage().contains("cuda was asked for"), e.getMessage());
    assertTrue(e.getMessage().contains("Use cpu or auto"), e.getMessage());
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      assertTrue(e.getMessage().contains("build the service with -Pcuda"), e.getMessage());
    }
  }

  /**
   * On a CUDA machine with the {@code -Pcuda} build: {@code ./mvnw -Pcuda -pl inference-service -am
   * test -Dactionstream.test.cuda=true -Dtest=OnnxRuntimePredictorTest}. Not run in this project so
   * far (no GPU).
   */
  @Test
  @EnabledIfSystemProperty(named = CUDA_TESTS, matches = "true")
  void cudaGivesTheCpuProbabilities() {
    PredictorOptions cuda = CPU.withExecutionProvider(ExecutionProvider.CUDA);
    try (OnnxRuntimePredictor p = OnnxRuntimePredictor.open(TINY, cuda)) {
      assertEquals(ExecutionProvider.CUDA, p.executionProvider());
      float[][][] a = p.probabilities(clips, all(clips.size()));
      float[][][] b = predictor.probabilities(clips, all(clips.size()));
      for (int i = 0; i < clips.size(); i++) {
        for (int k = 0; k < 4; k++) {
          assertArrayEquals(b[i][k], a[i][k], 1e-4f);
        }
      }
    }
  }

  @Test
  @DisabledIfSystemProperty(named = CUDA_TESTS, matches = "true")
  void autoFallsBackToCpu() {
    PredictorOptions auto =
        PredictorOptions.defaults().withIntraOpThreads(1).withOptimisation(Optimisation.BASIC);
    try (OnnxRuntimePredictor p = OnnxRuntimePredictor.open(TINY, auto)) {
      assertEquals(ExecutionProvider.CPU, p.executionProvider());
      float[][][] a = p.probabilities(clips, all(clips.size()));
      float[][][] b = predictor.probabilities(clips, all(clips.size()));
      for (int i = 0; i < clips.size(); i++) {
        for (int k = 0; k < 4; k++) {
          assertArrayEquals(b[i][k], a[i][k], 1e-5f);
        }
      }
    }
  }

  @Test
  void optionValuesParse() {
    assertEquals(ExecutionProvider.CUDA, ExecutionProvider.parse("Cuda"));
    assertEquals(Optimisation.EXTENDED, Optimisation.parse("extended"));
    assertThrows(IllegalArgumentException.class, () -> ExecutionProvider.parse("tpu"));
    assertThrows(IllegalArgumentException.class, () -> Optimisation.parse("max"));
    assertThrows(IllegalArgumentException.class, () -> CPU.withIntraOpThreads(-1));
  }

  private static Path copyTiny(Path dir) throws IOException {
    Path pkg = dir.resolve("tiny");
    Files.createDirectories(pkg);
    try (Stream<Path> files = Files.list(TINY)) {
      for (Path f : files.toList()) {
        Files.copy(f, pkg.resolve(f.getFileName()));
      }
    }
    return pkg;
  }

  private static void editManifest(Path pkg, String from, String to) throws IOException {
    Path m = pkg.resolve("manifest.json");
    String text = Files.readString(m);
    assertTrue(text.contains(from), "manifest lacks " + from);
    Files.writeString(m, text.replace(from, to));
  }
}
