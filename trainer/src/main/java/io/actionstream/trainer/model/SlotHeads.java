package io.actionstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Independent per-slot classifiers over shared clip features: {@code Linear(hidden) → ReLU}, then
 * one {@code Linear(words of slot k)} per slot. Input {@code [B, F]}; outputs K logit arrays {@code
 * [B, n_k]}.
 */
public final class SlotHeads extends AbstractBlock {
  private final Linear shared;
  private final List<Linear> heads = new ArrayList<>();
  private final int hidden;

  /**
   * Creates the heads.
   *
   * @param hidden width of the shared hidden layer
   * @param slotSizes number of words of each slot
   */
  public SlotHeads(int hidden, int[] slotSizes) {
    this.hidden = hidden;
    this.shared = addChildBlock("shared", Linear.builder().setUnits(hidden).build());
    for (int k = 0; k < slotSizes.length; k++) {
      heads.add(addChildBlock("slot" + k, Linear.builder().setUnits(slotSizes[k]).build()));
    }
  }

  /** The shared hidden layer (for export). */
  public Linear sharedLayer() {
    return shared;
  }

  /** The per-slot output layers (for export). */
  public List<Linear> slotLayers() {
    return List.copyOf(heads);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = Activation.relu(shared.forward(store, inputs, training).singletonOrThrow());
    NDList logits = new NDList(heads.size());
    for (Linear head : heads) {
      logits.add(head.forward(store, new NDList(h), training).singletonOrThrow());
    }
    return logits;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    shared.initialize(manager, dataType, shapes[0]);
    for (Linear head : heads) {
      head.initialize(manager, dataType, new Shape(shapes[0].get(0), hidden));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape[] out = new Shape[heads.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = heads.get(k).getOutputShapes(new Shape[] {new Shape(inputs[0].get(0), hidden)})[0];
    }
    return out;
  }
}
