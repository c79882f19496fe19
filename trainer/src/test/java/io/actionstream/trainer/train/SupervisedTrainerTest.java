package io.actionstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.TrainingDivergedException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.GeneratedClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.dataset.Splits;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.trainer.augment.AugmentRule;
import io.actionstream.trainer.batch.ClipTensors;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.engine.NonFinite;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.eval.Evaluator;
import io.actionstream.trainer.eval.SlotQueries;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedTrainerTest {
  static final GeneratorConfig DATA =
      GeneratorConfig.builder().frames(8).size(32, 32).noiseStddev(2).seed(7).build();
  static final ModelConfig SMALL =
      new ModelConfig(
          8,
          32,
          32,
          new int[] {8},
          new int[] {16},
          3,
          ModelConfig.Head.SLOTS,
          ModelConfig.MaskInput.INPUT,
          32,
          ModelConfig.Pooling.AVG4,
          ModelConfig.StemDownsample.STRIDE);

  static ModelManifest.Normalisation norm(GeneratedClipSource data) {
    try (Stream<LabelledClip> clips = data.stream(Partition.TRAIN)) {
      return PixelStatistics.estimate(clips, 32);
    }
  }

  static TrainingOptions options(int epochs, boolean masking) {
    return new TrainingOptions(epochs, 16, 3e-3f, 11, masking, 0, 0, 0, false, 256);
  }

  @Test
  void shouldLowerTheLossAndBeatChanceOnAnEasySplit() throws Exception {
    GeneratedClipSource data = new GeneratedClipSource(DATA, Splits.iid(7), 640);
    ActionModel model = new ActionModel(SMALL, data.schema());
    try (SupervisedTrainer trainer =
        new SupervisedTrainer(
            model, options(10, false), norm(data), false, InitialWeights.random())) {
      EvaluationResult before;
      try (Stream<LabelledClip> val = data.stream(Partition.VAL)) {
        before = trainer.evaluate("val", val);
      }
      List<EpochMetrics> epochs = new ArrayList<>();
      trainer.fit(data, 1, EarlyStopping.fresh(), (m, state) -> epochs.add(m));
      EpochMetrics last = epochs.get(epochs.size() - 1);
      assertEquals(10, epochs.size());
      assertTrue(
          last.trainLoss() < epochs.get(0).trainLoss() * 0.8,
          "train loss should fall: "
              + epochs.stream().map(e -> "" + e.trainLoss()).collect(Collectors.joining(", ")));
      assertTrue(
          last.valLoss() < before.meanLoss(),
          "val loss " + last.valLoss() + " should be below the untrained " + before.meanLoss());
      // chance: size 1/2, colour 1/6
      assertTrue(
          last.valSlotAccuracy().get("colour") > 0.5, "colour accuracy " + last.valSlotAccuracy());
      assertTrue(
          last.valSlotAccuracy().get("size") > 0.6, "size accuracy " + last.valSlotAccuracy());
    }
  }

  @Test
  void shouldStopAtTheFirstNonFiniteStepNamingEpochAndStep() throws Exception {
    GeneratedClipSource data = new GeneratedClipSource(DATA, Splits.iid(7), 160);
    ActionModel model = new ActionModel(SMALL, data.schema());
    // A corrupt normalisation (a NaN mean) makes every input, and so the first loss, NaN.
    ModelManifest.Normalisation corrupt =
        new ModelManifest.Normalisation(new float[] {Float.NaN, 0, 0}, new float[] {1, 1, 1});
    try (SupervisedTrainer trainer =
            new SupervisedTrainer(
                model, options(1, false), corrupt, false, InitialWeights.random());
        Stream<LabelledClip> clips = data.stream(Partition.TRAIN)) {
      TrainingDivergedException e =
          assertThrows(
              TrainingDivergedException.class,
              () -> trainer.trainEpoch(clips, data.count(Partition.TRAIN), 1));
      assertTrue(
          e.getMessage().startsWith("epoch 1, step 1: the training loss is NaN; training stopped"),
          e.getMessage());
      for (var p : model.getParameters().values()) {
        assertFalse(
            p.getArray().isNaN().any().getBoolean(), p.getName() + " must not have NaN applied");
      }
    }
  }

  @Test
  void shouldNameAParameterWhoseGradientIsNotFiniteUnderAFiniteLoss() {
    Linear layer = Linear.builder().setUnits(2).build();
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      layer.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
      float loss;
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        for (var p : layer.getParameters().values()) {
          p.getArray().setRequiresGradient(true);
        }
        NDArray y =
            layer
                .forward(
                    new ParameterStore(manager, false),
                    new NDList(manager.ones(new Shape(1, 3))),
                    true)
                .singletonOrThrow();
        NDArray l = y.mul(0).sum().sqrt(); // 0, but d sqrt(u)/du at 0 is infinite: 0 · ∞ = NaN
        loss = l.getFloat();
        collector.backward(l);
      }
      assertEquals(0f, loss);
      TrainingDivergedException e =
          assertThrows(
              TrainingDivergedException.class, () -> NonFinite.requireFiniteStep(loss, layer));
      assertTrue(e.getMessage().startsWith("the gradient of weight is not finite"), e.getMessage());
    }
  }

  @Test
  void shouldRefuseToReportANonFiniteFigure() {
    assertEquals(0.5, NonFinite.requireFinite(0.5, "x"));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> NonFinite.requireFinite(Double.NaN, "the mean loss on val"));
    assertTrue(e.getMessage().startsWith("the mean loss on val is NaN"), e.getMessage());
  }

  @Test
  void savedParametersShouldReproduceTheSameOutputs(@TempDir Path dir) throws Exception {
    GeneratedClipSource data = new GeneratedClipSource(DATA, Splits.iid(7), 64);
    List<LabelledClip> clips = first(data, 16);
    Path file = dir.resolve("model.params");
    float[] expected;
    try (SupervisedTrainer trainer =
        new SupervisedTrainer(
            new ActionModel(SMALL, data.schema()),
            options(1, false),
            norm(data),
            false,
            InitialWeights.random())) {
      trainer.step(clips);
      trainer.saveParameters(file);
      expected = Probabilities.of(trainer, clips);
    }
    try (SupervisedTrainer restored =
        new SupervisedTrainer(
            new ActionModel(SMALL, data.schema()),
            new TrainingOptions(1, 16, 3e-3f, 99, false, 0, 0, 0, false, 256),
            norm(data),
            false,
            InitialWeights.random())) {
      assertTrue(
          Math.abs(Probabilities.of(restored, clips)[0] - expected[0]) > 1e-6,
          "a differently seeded model differs");
    }
    try (SupervisedTrainer loaded =
        new SupervisedTrainer(
            new ActionModel(SMALL, data.schema()),
            new TrainingOptions(1, 16, 3e-3f, 99, false, 0, 0, 0, false, 256),
            norm(data),
            false,
            InitialWeights.parameters(file))) {
      assertArrayEquals(expected, Probabilities.of(loaded, clips), 0f);
    }
  }

  @Test
  void trainingShouldBeDeterministicForASeed() throws Exception {
    GeneratedClipSource data = new GeneratedClipSource(DATA, Splits.iid(7), 64);
    List<LabelledClip> clips = first(data, 16);
    assertArrayEquals(
        afterTwoSteps(data, clips, options(1, true)),
        afterTwoSteps(data, clips, options(1, true)),
        0f);
  }

  @Test
  void augmentationShouldChangeWhatIsLearnedAndStayDeterministicForASeed() throws Exception {
    GeneratedClipSource data = new GeneratedClipSource(DATA, Splits.iid(7), 64);
    List<LabelledClip> clips = first(data, 16);
    List<AugmentRule> hue = List.of(AugmentRule.parse("colour=hue"));
    TrainingOptions augmented =
        new TrainingOptions(1, 16, 3e-3f, 11, true, 0, 0, 0, false, 256, MaskScope.EXAMPLE, hue);
    float[] first = afterTwoSteps(data, clips, augmented);
    assertArrayEquals(first, afterTwoSteps(data, clips, augmented), 0f);
    assertFalse(
        java.util.Arrays.equals(first, afterTwoSteps(data, clips, options(1, true))),
        "hue rotation changed the steps");
  }

  @Test
  void augmentationShouldRequireMasking() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TrainingOptions(
                    1,
                    16,
                    3e-3f,
                    11,
                    false,
                    0,
                    0,
                    0,
                    false,
                    256,
                    MaskScope.EXAMPLE,
                    List.of(AugmentRule.parse("colour=hue"))));
    assertTrue(
        e.getMessage().startsWith("training.augment needs training.masking: true"), e.getMessage());
  }

  @Test
  void eachSlotAloneShouldTakeEverySlotsWordFromThePassThatAskedOnlyIt() throws Exception {
    GeneratedClipSource data = new GeneratedClipSource(DATA, Splits.iid(7), 96);
    List<LabelledClip> clips = first(data, 24);
    try (SupervisedTrainer trainer =
        new SupervisedTrainer(
            new ActionModel(SMALL, data.schema()),
            options(1, true),
            norm(data),
            false,
            InitialWeights.random())) {
      trainer.step(clips.subList(0, 16));
      Evaluator evaluator = new Evaluator(trainer.block(), trainer.tensors(), 10);
      List<EvaluationResult> both =
          evaluator.evaluate(
              trainer.manager(),
              "test",
              clips.stream(),
              0,
              List.of(SlotQueries.EACH_ALONE, SlotQueries.ALL_AT_ONCE));
      EvaluationResult alone = both.get(0);
      EvaluationResult together = both.get(1);
      assertEquals("test.per_slot", alone.partition());
      assertEquals("test", together.partition());
      int k = data.schema().slotCount();
      for (int s = 0; s < k; s++) {
        assertEquals(
            correct(trainer, clips, SlotMask.only(s, k), s),
            alone.slots().get(s).correct(),
            "slot " + s);
        assertEquals(
            correct(trainer, clips, data.schema().allSlots(), s),
            together.slots().get(s).correct(),
            "slot " + s);
      }
    }
  }

  /** How many clips get slot {@code slot} right when the model is asked with {@code mask}. */
  private static long correct(
      SupervisedTrainer trainer, List<LabelledClip> clips, SlotMask mask, int slot) {
    try (NDManager scope = trainer.manager().newSubManager()) {
      ClipTensors.Batch batch =
          trainer.tensors().batch(scope, clips, java.util.Collections.nCopies(clips.size(), mask));
      NDList out = trainer.block().forward(new ParameterStore(scope, false), batch.inputs(), false);
      long[] guess = trainer.block().slotLogits(out).get(slot).argMax(1).toLongArray();
      long right = 0;
      for (int i = 0; i < clips.size(); i++) {
        right += guess[i] == clips.get(i).sentence().wordId(slot) ? 1 : 0;
      }
      return right;
    }
  }

  /** The probabilities of a fresh model after two steps on {@code clips} with {@code options}. */
  private static float[] afterTwoSteps(
      GeneratedClipSource data, List<LabelledClip> clips, TrainingOptions options)
      throws Exception {
    try (SupervisedTrainer trainer =
        new SupervisedTrainer(
            new ActionModel(SMALL, data.schema()),
            options,
            norm(data),
            false,
            InitialWeights.random())) {
      trainer.step(clips);
      trainer.step(clips);
      return Probabilities.of(trainer, clips);
    }
  }

  /** The first {@code n} clips of {@code data} in storage order. */
  private static List<LabelledClip> first(GeneratedClipSource data, int n) {
    try (Stream<LabelledClip> s = data.streamAll()) {
      return s.limit(n).toList();
    }
  }
}
