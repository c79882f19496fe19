package io.actionstream.trainer.model;

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

/**
 * The thesis's sentence decoder: clip features go through {@code Linear(hidden) → ReLU}, are fed to
 * an LSTM unrolled once per word position, and one linear layer shared by all positions scores the
 * whole dictionary. Input {@code [B, F]}; outputs K arrays {@code [B, V]} of logits over the
 * dictionary of V words (all slots' words, in slot order).
 */
public final class SentenceDecoder extends AbstractBlock {
  private final Linear project;
  private final LSTM lstm;
  private final Linear vocabulary;
  private final int hidden;
  private final int positions;

  /**
   * Creates the decoder.
   *
   * @param hidden width of the projection and the LSTM state
   * @param positions K, one per slot
   * @param dictionarySize V, total words over all slots
   */
  public SentenceDecoder(int hidden, int positions, int dictionarySize) {
    this.hidden = hidden;
    this.positions = positions;
    this.project = addChildBlock("project", Linear.builder().setUnits(hidden).build());
    this.lstm =
        addChildBlock(
            "lstm",
            LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).build());
    this.vocabulary =
        addChildBlock("vocabulary", Linear.builder().setUnits(dictionarySize).build());
  }

  /** The projection {@code Linear(hidden)} before the ReLU (for export). */
  public Linear projectLayer() {
    return project;
  }

  /**
   * The LSTM (one layer, batch first; PyTorch's gate order i, f, g, o in its {@code l_0_*}
   * parameters) (for export).
   */
  public LSTM lstmLayer() {
    return lstm;
  }

  /** The linear layer over the whole dictionary, shared by all positions (for export). */
  public Linear vocabularyLayer() {
    return vocabulary;
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
