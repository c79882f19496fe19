package io.actionstream.trainer.model;

import static io.actionstream.trainer.onnx.OnnxOps.RELU;

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
import io.actionstream.trainer.onnx.OnnxGraph;
import io.actionstream.trainer.onnx.OnnxLayers;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Independent per-slot classifiers over shared clip features: {@code Linear(hidden) → ReLU}, then
 * one {@code Linear(words of slot k)} per slot. Input {@code [B, F]}; outputs K logit arrays {@code
 * [B, n_k]}.
 */
public final class SlotHeads extends AbstractBlock implements ActionHead {
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

  /** The outputs are the per-slot logits already. */
  @Override
  public NDList slotLogits(NDList outputs) {
    return outputs;
  }

  @Override
  public ONNXRef<?>[] toOnnx(OnnxGraph g, ONNXRef<?> features) {
    ONNXNode h = g.op(RELU, "head_relu", OnnxLayers.linear(g, "head_shared", features, shared));
    ONNXRef<?>[] logits = new ONNXRef<?>[heads.size()];
    for (int k = 0; k < logits.length; k++) {
      logits[k] = OnnxLayers.linear(g, "head_slot" + k, h, heads.get(k));
    }
    return logits;
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
