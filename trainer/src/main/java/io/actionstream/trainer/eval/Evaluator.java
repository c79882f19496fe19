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
    return evaluate(manager, partition, clips, maxBatches, List.of(SlotQueries.ALL_AT_ONCE)).get(0);
  }

  /**
   * Evaluates the clips of {@code clips} once for each way of asking in {@code queries}, in one
   * pass over the stream (consumed and closed): each batch becomes a clip tensor once, and only the
   * masks change between the passes.
   *
   * @param partition label for the report, e.g. {@code test_comp}
   * @param maxBatches stop after this many batches (0: all)
   * @param queries the ways of asking, at least one
   * @return one result per element of {@code queries}, in order
   */
  public List<EvaluationResult> evaluate(
      NDManager manager,
      String partition,
      Stream<LabelledClip> clips,
      long maxBatches,
      List<SlotQueries> queries) {
    PropertySchema schema = model.schema();
    List<Tally> tallies = queries.stream().map(q -> new Tally(q, schema)).toList();
    try (ClipBatches batches = new ClipBatches(clips, batchSize, maxBatches, 2)) {
      while (batches.hasNext()) {
        List<LabelledClip> batch = batches.next();
        try (NDManager scope = manager.newSubManager()) {
          NDArray clip = tensors.clips(scope, batch);
          NDArray wordIds = ClipTensors.wordIds(scope, batch);
          for (Tally tally : tallies) {
            tally.add(scope, batch, clip, wordIds);
          }
        }
      }
    }
    return tallies.stream().map(t -> t.result(partition)).toList();
  }

  /** The counts of one way of asking. */
  private final class Tally {
    private final SlotQueries queries;
    private final PropertySchema schema;
    private final List<SlotMask> masks;
    private final long[] correct;
    private final long[][][] confusion;
    private long examples;
    private long sentences;
    private double lossSum;

    Tally(SlotQueries queries, PropertySchema schema) {
      this.queries = queries;
      this.schema = schema;
      this.masks = queries.masks(schema);
      int k = schema.slotCount();
      this.correct = new long[k];
      this.confusion = new long[k][][];
      for (int s = 0; s < k; s++) {
        int n = schema.slot(s).size();
        confusion[s] = new long[n][n];
      }
    }

    /** Runs the passes of this way of asking on one batch and counts the answers. */
    void add(NDManager scope, List<LabelledClip> batch, NDArray clip, NDArray wordIds) {
      int k = schema.slotCount();
      long[][] predicted = new long[k][];
      for (SlotMask mask : masks) {
        NDArray m = ClipTensors.masks(scope, Collections.nCopies(batch.size(), mask));
        NDList out = model.forward(new ParameterStore(scope, false), new NDList(clip, m), false);
        lossSum += loss.perSlot(new NDList(wordIds, m), out).sum().getFloat();
        NDList logits = model.slotLogits(out);
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

    EvaluationResult result(String partition) {
      List<SlotAccuracy> slots = new ArrayList<>(schema.slotCount());
      for (int s = 0; s < schema.slotCount(); s++) {
        slots.add(
            new SlotAccuracy(
                schema.slot(s).name(), schema.slot(s).words(), correct[s], examples, confusion[s]));
      }
      String name = queries.partition(partition);
      double meanLoss =
          examples == 0
              ? 0
              : NonFinite.requireFinite(lossSum / examples, "the mean loss on " + name);
      return new EvaluationResult(name, examples, meanLoss, sentences, slots);
    }
  }
}
