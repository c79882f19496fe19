package io.actionstream.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.trainer.batch.ClipBatches;
import io.actionstream.trainer.batch.ClipTensors;
import io.actionstream.trainer.engine.NonFinite;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.MaskedSlotLoss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a model over clips and counts per-slot and whole-sentence accuracy, per-slot confusion and
 * the mean loss, asking the slots as {@link SlotQueries} says: all at once with the all-ones mask
 * (as the thesis evaluates), or each alone with its one-hot mask (K passes; slot k's word comes
 * from the pass that asked only k). Native memory is scoped per batch.
 */
public final class Evaluator {
  private final ActionModel model;
  private final ClipTensors tensors;
  private final MaskedSlotLoss loss;
  private final int batchSize;

  /** Creates an evaluator for {@code model} reading clips with {@code tensors}. */
  public Evaluator(ActionModel model, ClipTensors tensors, int batchSize) {
    this.model = model;
    this.tensors = tensors;
    this.loss = new MaskedSlotLoss(model);
    this.batchSize = batchSize;
  }

  /**
   * Evaluates the clips of {@code clips} with the all-ones mask (the stream is consumed and
   * closed).
   *
   * @param partition label for the report, e.g. {@code test_comp}
   * @param maxBatches stop after this many batches (0: all)
   */
  public EvaluationResult evaluate(
      NDManager manager, String partition, Stream<LabelledClip> clips, long maxBatches) {
    return evaluate(manager, partition, clips, maxBatches, SlotQueries.ALL_AT_ONCE);
  }

  /**
   * Evaluates the clips of {@code clips} asking the slots as {@code queries} says (the stream is
   * consumed and closed).
   *
   * @param partition label for the report, e.g. {@code test_comp}
   * @param maxBatches stop after this many batches (0: all)
   * @param queries all slots at once, or each slot alone
   */
  public EvaluationResult evaluate(
      NDManager manager,
      String partition,
      Stream<LabelledClip> clips,
      long maxBatches,
      SlotQueries queries) {
    PropertySchema schema = model.schema();
    int k = schema.slotCount();
    long[] correct = new long[k];
    long[][][] confusion = new long[k][][];
    for (int s = 0; s < k; s++) {
      int n = schema.slot(s).size();
      confusion[s] = new long[n][n];
    }
    long examples = 0;
    long sentences = 0;
    double lossSum = 0;
    List<SlotMask> asked = queries.masks(schema);
    try (ClipBatches batches = new ClipBatches(clips, batchSize, maxBatches, 2)) {
      while (batches.hasNext()) {
        List<LabelledClip> batch = batches.next();
        try (NDManager scope = manager.newSubManager()) {
          long[][] predicted = new long[k][];
          for (SlotMask mask : asked) {
            ClipTensors.Batch b =
                tensors.batch(scope, batch, Collections.nCopies(batch.size(), mask));
            NDList out = model.forward(new ParameterStore(scope, false), b.inputs(), false);
            lossSum += loss.perSlot(b.labels(), out).sum().getFloat();
            List<NDArray> logits = model.slotLogits(out);
            for (int s = 0; s < k; s++) {
              if (mask.isSet(s)) {
                predicted[s] = logits.get(s).argMax(1).toLongArray();
              }
            }
          }
          for (int i = 0; i < batch.size(); i++) {
            boolean allRight = true;
            for (int s = 0; s < k; s++) {
              int truth = batch.get(i).sentence().wordId(s);
              int guess = (int) predicted[s][i];
              confusion[s][truth][guess]++;
              if (truth == guess) {
                correct[s]++;
              } else {
                allRight = false;
              }
            }
            sentences += allRight ? 1 : 0;
          }
          examples += batch.size();
        }
      }
    }
    List<SlotAccuracy> slots = new ArrayList<>(k);
    for (int s = 0; s < k; s++) {
      slots.add(
          new SlotAccuracy(
              schema.slot(s).name(), schema.slot(s).words(), correct[s], examples, confusion[s]));
    }
    double meanLoss =
        examples == 0
            ? 0
            : NonFinite.requireFinite(lossSum / examples, "the mean loss on " + partition);
    return new EvaluationResult(queries.partition(partition), examples, meanLoss, sentences, slots);
  }
}
