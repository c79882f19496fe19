package io.actionstream.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ConvLstmEncoder;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.report.MetricsLog;
import io.actionstream.trainer.train.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.NEVER)
  Path dir;

  static TrainConfig tiny(Path out, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>();
    o.put("model.frames", "4");
    o.put("model.height", "32");
    o.put("model.width", "32");
    o.put("model.stem_channels", "[8]");
    o.put("model.hidden_channels", "[8]");
    o.put("model.head_hidden", "16");
    o.put("data.synthetic.clips", "96");
    o.put("training.batch_size", "8");
    o.put("training.normalisation_clips", "8");
    o.put("output.dir", out.toString());
    o.putAll(extra);
    return TrainConfigLoader.load(null, o);
  }

  @Test
  void supervisedRunShouldWriteMetricsCheckpointsPlotsAndEvaluation() throws Exception {
    Path out = dir.resolve("run");
    var results =
        new TrainingRun(
                tiny(out, Map.of("training.epochs", "2", "data.split", "comp-colour-shape-easy")),
                false)
            .run(false);
    assertEquals(
        List.of("val", "test", "test_comp"), results.stream().map(r -> r.partition()).toList());
    assertEquals(2, MetricsLog.read(out.resolve("metrics.jsonl")).size());
    for (String f :
        List.of(
            "config.yaml",
            "model.json",
            "best.params",
            "evaluation.md",
            "evaluation.json",
            "plots/loss.png",
            "plots/accuracy.png",
            "checkpoints/latest.json",
            "checkpoints/epoch-0002.params",
            "checkpoints/epoch-0002.optim")) {
      assertTrue(Files.exists(out.resolve(f)), f + " missing");
    }
    assertTrue(Files.readString(out.resolve("evaluation.md")).contains("| test_comp |"));
    // evaluate reloads the model from the run directory and agrees with the run's own figures
    try (var data = DataSources.open(tiny(out, Map.of("data.split", "comp-colour-shape-easy")))) {
      var again = ModelEvaluation.evaluate(out, data, 8);
      for (int i = 0; i < results.size(); i++) {
        assertEquals(results.get(i).sentenceCorrect(), again.get(i).sentenceCorrect());
        assertEquals(results.get(i).meanLoss(), again.get(i).meanLoss(), 1e-5);
      }
    }
  }

  @Test
  void resumedRunShouldReachTheSameWeightsAsAnUninterruptedOne() throws Exception {
    Path straight = dir.resolve("straight");
    Path resumed = dir.resolve("resumed");
    Map<String, String> masked = Map.of("training.masking", "true", "training.patience", "0");
    new TrainingRun(tiny(straight, with(masked, "training.epochs", "3")), false).run(false);
    new TrainingRun(tiny(resumed, with(masked, "training.epochs", "2")), false).run(false);
    new TrainingRun(tiny(resumed, with(masked, "training.epochs", "3")), false).run(true);
    assertEquals(
        -1L,
        Files.mismatch(RunCheckpoint.parameters(straight, 3), RunCheckpoint.parameters(resumed, 3)),
        "epoch-3 weights differ");
    assertEquals(
        List.of(1, 2, 3),
        MetricsLog.read(resumed.resolve("metrics.jsonl")).stream().map(m -> m.epoch()).toList());
  }

  @Test
  void resumeShouldRefuseARunWithoutCheckpointOrWithAnotherConfig() throws Exception {
    Path out = dir.resolve("refuse");
    IllegalArgumentException none =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> new TrainingRun(tiny(out, Map.of()), false).run(true));
    assertTrue(none.getMessage().contains("no checkpoint"), none.getMessage());
    new TrainingRun(tiny(out, Map.of("training.epochs", "1")), false).run(false);
    IllegalArgumentException other =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                new TrainingRun(
                        tiny(out, Map.of("training.epochs", "2", "training.masking", "true")),
                        false)
                    .run(true));
    assertTrue(other.getMessage().contains("training.masking"), other.getMessage());
  }

  @Test
  void bothModeShouldStartSupervisedTrainingFromThePretrainedEncoder() throws Exception {
    Path out = dir.resolve("both");
    new TrainingRun(
            tiny(
                out,
                Map.of(
                    "training.mode",
                    "both",
                    "training.epochs",
                    "1",
                    "training.pretrain_epochs",
                    "1",
                    "training.freeze_encoder",
                    "true")),
            false)
        .run(false);
    assertTrue(Files.exists(out.resolve("plots/next-frame.png")));
    assertEquals(1, MetricsLog.read(out.resolve("pretrain-metrics.jsonl")).size());

    ModelConfig config = tiny(out, Map.of()).model().toModelConfig();
    PropertySchema schema = PropertySchema.defaultSchema();
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      ConvLstmEncoder pretrained = new ConvLstmEncoder(config, schema.slotCount());
      init(pretrained, manager, config, schema);
      Checkpoints.loadParameters(pretrained, manager, out.resolve("encoder.params"));
      ActionModel trained = new ActionModel(config, schema);
      init(trained, manager, config, schema);
      Checkpoints.loadParameters(trained, manager, out.resolve("best.params"));
      ActionModel fresh = new ActionModel(config, schema);
      init(fresh, manager, config, schema);
      // frozen encoder: the supervised model's encoder is exactly the pre-trained one
      assertEquals(values(pretrained), values(trained.encoder()));
      assertNotEquals(values(pretrained), values(fresh.encoder()));
    }
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }

  private static void init(Block block, NDManager manager, ModelConfig c, PropertySchema s) {
    block.initialize(
        manager,
        DataType.FLOAT32,
        new Shape(1, c.frames(), 3, c.height(), c.width()),
        new Shape(1, s.slotCount()));
  }

  private static List<List<Float>> values(Block block) {
    List<List<Float>> all = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray a = p.getValue().getArray();
      List<Float> v = new ArrayList<>();
      for (float f : a.toFloatArray()) {
        v.add(f);
      }
      all.add(v);
    }
    return all;
  }
}
