package io.actionstream.trainer.model;

import static io.actionstream.trainer.onnx.OnnxOps.ADD;
import static io.actionstream.trainer.onnx.OnnxOps.GEMM;
import static io.actionstream.trainer.onnx.OnnxOps.RELU;
import static io.actionstream.trainer.onnx.OnnxOps.SLICE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.actionstream.trainer.onnx.OnnxGraph;
import io.actionstream.trainer.onnx.OnnxLayers;
import java.util.Map;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The thesis's sentence decoder: clip features go through {@code Linear(hidden) → ReLU}, are fed to
 * an LSTM unrolled once per word position, and one linear layer shared by all positions scores the
 * whole dictionary. Input {@code [B, F]}; outputs K arrays {@code [B, V]} of logits over the
 * dictionary of V words (all slots' words, in slot order).
 */
public final class SentenceDecoder extends AbstractBlock implements ActionHead {
  private final Linear project;
  private final LSTM lstm;
  private final Linear vocabulary;
  private final int hidden;
  private final int positions;
  private final int[] offsets;
  private final int[] sizes;

  /**
   * Creates the decoder.
   *
   * @param hidden width of the projection and the LSTM state
   * @param slotSizes words of each slot; the dictionary is all slots' words, in slot order
   */
  public SentenceDecoder(int hidden, int[] slotSizes) {
    this.hidden = hidden;
    this.positions = slotSizes.length;
    this.sizes = slotSizes.clone();
    this.offsets = new int[positions];
    int dictionarySize = 0;
    for (int k = 0; k < positions; k++) {
      offsets[k] = dictionarySize;
      dictionarySize += sizes[k];
    }
    this.project = addChildBlock("project", Linear.builder().setUnits(hidden).build());
    this.lstm =
        addChildBlock(
            "lstm",
            LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).build());
    this.vocabulary =
        addChildBlock("vocabulary", Linear.builder().setUnits(dictionarySize).build());
  }

  /** Slot k's range of the dictionary logits at position k. */
  @Override
  public NDList slotLogits(NDList outputs) {
    NDList perSlot = new NDList(outputs.size());
    for (int k = 0; k < outputs.size(); k++) {
      perSlot.add(outputs.get(k).get(":, " + offsets[k] + ":" + (offsets[k] + sizes[k])));
    }
    return perSlot;
  }

  /**
   * The LSTM unrolled once per position with PyTorch's gate order i, f, g, o (its {@code l_0_*}
   * parameters); the input is the same vector at every position, so its projection is computed
   * once.
   */
  @Override
  public ONNXRef<?>[] toOnnx(OnnxGraph g, ONNXRef<?> features) {
    ONNXNode z = g.op(RELU, "project_relu", OnnxLayers.linear(g, "project", features, project));
    ONNXInitializer wih = g.parameter("lstm_w_ih", lstm, "l_0_i2h_WEIGHT");
    ONNXInitializer whh = g.parameter("lstm_w_hh", lstm, "l_0_h2h_WEIGHT");
    ONNXInitializer bih = g.parameter("lstm_b_ih", lstm, "l_0_i2h_BIAS");
    ONNXInitializer bhh = g.parameter("lstm_b_hh", lstm, "l_0_h2h_BIAS");
    ONNXNode xproj =
        g.op(ADD, "lstm_x_bias", g.op(GEMM, "lstm_x", Map.of("transB", 1), z, wih, bih), bhh);
    ONNXInitializer wv = g.parameter("vocabulary_weight", vocabulary, "weight");
    ONNXInitializer bv = g.parameter("vocabulary_bias", vocabulary, "bias");
    ONNXRef<?>[] logits = new ONNXRef<?>[positions];
    OnnxLayers.LstmState state = null;
    for (int k = 0; k < positions; k++) {
      String name = "lstm_k" + k;
      ONNXRef<?> gates =
          state == null
              ? xproj
              : g.op(GEMM, name + "_gates", Map.of("transB", 1), state.h(), whh, xproj);
      state = OnnxLayers.lstmCell(g, name, gates, "ifgo", state == null ? null : state.c());
      ONNXNode words = g.op(GEMM, name + "_words", Map.of("transB", 1), state.h(), wv, bv);
      logits[k] =
          g.op(
              SLICE,
              name + "_slot_words",
              words,
              g.ints(name + "_from", offsets[k]),
              g.ints(name + "_to", offsets[k] + sizes[k]),
              g.ints("axis1", 1));
    }
    return logits;
  }

  /** K, the number of word positions (one per slot). */
  public int positions() {
    return positions;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray z = Activation.relu(project.forward(store, inputs, training).singletonOrThrow());
    long batch = z.getShape().get(0);
    NDArray steps = z.expandDims(1).broadcast(new Shape(batch, positions, hidden));
    // Zero initial states of the input's type (DJL's default would be float32 whatever the model).
    Shape state = new Shape(1, batch, hidden);
    NDArray h0 = z.getManager().zeros(state, z.getDataType());
    NDArray c0 = z.getManager().zeros(state, z.getDataType());
    NDArray out = lstm.forward(store, new NDList(steps, h0, c0), training).get(0); // [B, K, hidden]
    NDArray logits =
        vocabulary.forward(store, new NDList(out), training).singletonOrThrow(); // [B, K, V]
    NDList perPosition = new NDList(positions);
    for (int k = 0; k < positions; k++) {
      perPosition.add(logits.get(":, " + k));
    }
    return perPosition;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    long batch = shapes[0].get(0);
    project.initialize(manager, dataType, shapes[0]);
    lstm.initialize(manager, dataType, new Shape(batch, positions, hidden));
    vocabulary.initialize(manager, dataType, new Shape(batch, positions, hidden));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape[] out = new Shape[positions];
    long v = vocabulary.getOutputShapes(new Shape[] {new Shape(1, hidden)})[0].get(1);
    for (int k = 0; k < positions; k++) {
      out[k] = new Shape(inputs[0].get(0), v);
    }
    return out;
  }
}
