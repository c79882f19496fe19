package io.actionstream.trainer.model;

import static io.actionstream.trainer.onnx.OnnxOps.FLATTEN;
import static io.actionstream.trainer.onnx.OnnxOps.MUL;
import static io.actionstream.trainer.onnx.OnnxOps.REDUCE_SUM;
import static io.actionstream.trainer.onnx.OnnxOps.RELU;
import static io.actionstream.trainer.onnx.OnnxOps.RESHAPE;
import static io.actionstream.trainer.onnx.OnnxOps.SOFTMAX;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.actionstream.trainer.onnx.OnnxGraph;
import io.actionstream.trainer.onnx.OnnxLayers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Factored heads: each slot looks at the clip through its own spatial attention map. Input is the
 * top ConvLSTM state map {@code [B, C, h, w]} (not pooled over positions); for slot k a 1×1
 * convolution scores every position, a softmax over the h·w positions turns the scores into
 * weights, the weighted sum of the map gives the slot's own features {@code [B, C]}, and {@code
 * Linear(hidden) → ReLU → Linear(n_k)} its logits. Nothing but the encoder is shared between slots,
 * so a slot's features need not carry what another slot looks at.
 */
public final class FactoredHeads extends AbstractBlock implements ActionHead {
  private final List<Conv2d> attention = new ArrayList<>();
  private final List<Linear> hidden = new ArrayList<>();
  private final List<Linear> out = new ArrayList<>();
  private final int hiddenUnits;
  private long mapHeight;
  private long mapWidth;

  /**
   * Creates the heads.
   *
   * @param hiddenUnits width of each slot's hidden layer
   * @param slotSizes number of words of each slot
   */
  public FactoredHeads(int hiddenUnits, int[] slotSizes) {
    this.hiddenUnits = hiddenUnits;
    for (int k = 0; k < slotSizes.length; k++) {
      attention.add(
          addChildBlock(
              "attention" + k,
              Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build()));
      hidden.add(addChildBlock("hidden" + k, Linear.builder().setUnits(hiddenUnits).build()));
      out.add(addChildBlock("slot" + k, Linear.builder().setUnits(slotSizes[k]).build()));
    }
  }

  /** The outputs are the per-slot logits already. */
  @Override
  public NDList slotLogits(NDList outputs) {
    return outputs;
  }

  /** Slot k's attention weights {@code [B, h·w]} over the positions of {@code map}. */
  public NDArray attentionWeights(ParameterStore store, NDArray map, int k, boolean training) {
    NDArray scores = attention.get(k).forward(store, new NDList(map), training).singletonOrThrow();
    return scores.reshape(scores.getShape().get(0), -1).softmax(1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray map = inputs.singletonOrThrow();
    Shape s = map.getShape();
    NDList logits = new NDList(out.size());
    for (int k = 0; k < out.size(); k++) {
      NDArray weights =
          attentionWeights(store, map, k, training).reshape(s.get(0), 1, s.get(2), s.get(3));
      NDArray features = map.mul(weights).sum(new int[] {2, 3});
      NDArray h =
          Activation.relu(
              hidden.get(k).forward(store, new NDList(features), training).singletonOrThrow());
      logits.add(out.get(k).forward(store, new NDList(h), training).singletonOrThrow());
    }
    return logits;
  }

  @Override
  public ONNXRef<?>[] toOnnx(OnnxGraph g, ONNXRef<?> map) {
    ONNXRef<?> shape = g.ints("attention_shape", 0, 1, mapHeight, mapWidth);
    ONNXRef<?> positions = g.ints("attention_axes", 2, 3);
    ONNXRef<?>[] logits = new ONNXRef<?>[out.size()];
    for (int k = 0; k < logits.length; k++) {
      String p = "head_slot" + k;
      ONNXNode scores = OnnxLayers.conv(g, p + "_attention", map, attention.get(k));
      ONNXNode weights =
          g.op(
              SOFTMAX,
              p + "_weights",
              Map.of("axis", 1),
              g.op(FLATTEN, p + "_scores", Map.of("axis", 1), scores));
      ONNXNode weighted =
          g.op(MUL, p + "_weighted", map, g.op(RESHAPE, p + "_map", weights, shape));
      ONNXNode features =
          g.op(REDUCE_SUM, p + "_features", Map.of("keepdims", 0), weighted, positions);
      ONNXNode h =
          g.op(RELU, p + "_relu", OnnxLayers.linear(g, p + "_hidden", features, hidden.get(k)));
      logits[k] = OnnxLayers.linear(g, p, h, out.get(k));
    }
    return logits;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    Shape map = shapes[0];
    mapHeight = map.get(2);
    mapWidth = map.get(3);
    for (int k = 0; k < out.size(); k++) {
      attention.get(k).initialize(manager, dataType, map);
      hidden.get(k).initialize(manager, dataType, new Shape(map.get(0), map.get(1)));
      out.get(k).initialize(manager, dataType, new Shape(map.get(0), hiddenUnits));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape[] shapes = new Shape[out.size()];
    for (int k = 0; k < shapes.length; k++) {
      shapes[k] =
          out.get(k).getOutputShapes(new Shape[] {new Shape(inputs[0].get(0), hiddenUnits)})[0];
    }
    return shapes;
  }
}
