package io.actionstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy per slot, weighted by the mask: {@code mean over batch of Σ_k mask[b,k] ·
 * CE(logits_k[b], label[b,k])}. Slots whose mask bit is 0 contribute nothing, so with the masking
 * approach the model learns only the properties it was asked about. With the sentence head the
 * cross-entropy is over the whole dictionary and the target is the word's dictionary index.
 *
 * <p>Labels: {@code NDList(wordIds [B, K] int64, mask [B, K] float32)}; predictions: the model's K
 * output arrays.
 */
public final class MaskedSlotLoss extends Loss {
  private final boolean sentenceHead;
  private final int[] offsets;

  /** A loss for {@code model}'s head and vocabulary. */
  public MaskedSlotLoss(ActionModel model) {
    super("masked_slot_ce");
    this.sentenceHead = model.config().head() == ModelConfig.Head.SENTENCE;
    int k = model.schema().slotCount();
    this.offsets = new int[k];
    for (int i = 0; i < k; i++) {
      offsets[i] = sentenceHead ? model.dictionaryOffset(i) : 0;
    }
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return perSlot(labels, predictions).sum(new int[] {1}).mean();
  }

  /** The masked cross-entropy of every example and slot, {@code [B, K]} (0 where the mask is 0). */
  public NDArray perSlot(NDList labels, NDList predictions) {
    NDArray wordIds = labels.get(0);
    NDArray mask = labels.get(1);
    NDList columns = new NDList(predictions.size());
    for (int k = 0; k < predictions.size(); k++) {
      NDArray logProbs = predictions.get(k).logSoftmax(1);
      NDArray target = wordIds.get(":, " + k + ":" + (k + 1));
      if (offsets[k] != 0) {
        target = target.add(offsets[k]);
      }
      columns.add(logProbs.gather(target, 1).neg()); // [B, 1]
    }
    return NDArrays.concat(columns, 1).mul(mask);
  }
}
