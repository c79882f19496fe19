package io.actionstream.trainer.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import io.actionstream.trainer.onnx.OnnxGraph;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A head of the action model: clip features {@code [B, F]} in, one output per slot. It knows how to
 * read its outputs as per-slot logits and how to write itself into an ONNX graph.
 */
public interface ActionHead extends Block {
  /** Per-slot logits {@code [B, n_k]} from this head's outputs. */
  NDList slotLogits(NDList outputs);

  /**
   * This head in an ONNX graph.
   *
   * @param features the clip features {@code [B, F]} (with the mask appended when it enters there)
   * @return slot k's logits {@code [B, n_k]} at index k
   */
  ONNXRef<?>[] toOnnx(OnnxGraph g, ONNXRef<?> features);
}
