package io.actionstream.trainer.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.trainer.batch.ClipTensors;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.eval.Evaluator;
import io.actionstream.trainer.eval.SlotQueries;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.train.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Evaluation of a run directory's best model, and the partition loop shared with training. */
public final class ModelEvaluation {
  private ModelEvaluation() {}

  /**
   * Loads {@code model.json} and {@code best.params} from {@code runDir} and evaluates val, test
   * and test_comp of {@code data} with every slot asked at once; for a model trained with masking,
   * test and test_comp also with each slot asked alone ({@link SlotQueries#EACH_ALONE}).
   *
   * @throws IOException if the run directory lacks its model or the data's vocabulary differs
   */
  public static List<EvaluationResult> evaluate(Path runDir, ClipSource data, int batchSize)
      throws IOException {
    TrainedModel trained = TrainedModel.read(runDir);
    if (!trained.propertySchema().equals(data.schema())) {
      throw new IOException(
          "the data's vocabulary "
              + data.schema().fingerprint()
              + " differs from the model's "
              + trained.propertySchema().fingerprint());
    }
    ModelConfig config = trained.model().toModelConfig();
    ActionModel model = new ActionModel(config, data.schema());
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      model.initialize(
          manager,
          DataType.FLOAT32,
          new Shape(batchSize, config.frames(), 3, config.height(), config.width()),
          new Shape(batchSize, data.schema().slotCount()));
      Checkpoints.loadOrFail(model, manager, runDir.resolve(TrainedModel.PARAMETERS));
      ClipTensors tensors =
          new ClipTensors(
              config.frames(), config.height(), config.width(), trained.normalisation());
      Evaluator evaluator = new Evaluator(model, tensors, batchSize);
      boolean masked =
          trained.training() != null && Boolean.TRUE.equals(trained.training().get("masking"));
      List<SlotQueries> tests =
          masked
              ? List.of(SlotQueries.ALL_AT_ONCE, SlotQueries.EACH_ALONE)
              : List.of(SlotQueries.ALL_AT_ONCE);
      List<EvaluationResult> together = new ArrayList<>();
      List<EvaluationResult> alone = new ArrayList<>();
      for (Partition partition : List.of(Partition.VAL, Partition.TEST, Partition.TEST_COMP)) {
        List<SlotQueries> queries =
            partition == Partition.VAL ? List.of(SlotQueries.ALL_AT_ONCE) : tests;
        try (Stream<LabelledClip> clips = data.stream(partition)) {
          List<EvaluationResult> results =
              evaluator.evaluate(manager, partition.csvName(), clips, 0, queries);
          if (results.get(0).examples() > 0) {
            together.add(results.get(0));
            alone.addAll(results.subList(1, results.size()));
          }
        }
      }
      together.addAll(alone); // val, test, test_comp, then their per-slot results
      return together;
    }
  }
}
