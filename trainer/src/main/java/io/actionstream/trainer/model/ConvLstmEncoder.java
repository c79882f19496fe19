package io.actionstream.trainer.model;

import static io.actionstream.trainer.onnx.OnnxOps.CONCAT;
import static io.actionstream.trainer.onnx.OnnxOps.EXPAND;
import static io.actionstream.trainer.onnx.OnnxOps.GATHER;
import static io.actionstream.trainer.onnx.OnnxOps.RELU;
import static io.actionstream.trainer.onnx.OnnxOps.RESHAPE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
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
 * The clip encoder: an optional stem of 3×3 convolutions (ReLU) applied to every frame, each
 * halving the resolution (stride 2, or stride 1 then 2×2 max-pooling: {@link
 * ModelConfig#stemDownsample}), then stacked {@link ConvLstmCell}s unrolled over time with 2×2
 * max-pooling between layers and a zero initial state.
 *
 * <p>Inputs: {@code clip [B, T, 3, H, W]} (normalised floats) and, when {@code maskChannels > 0},
 * {@code mask [B, K]}, broadcast to K constant channels and concatenated to the first ConvLSTM
 * layer's input at every time step. Output: the top layer's last hidden state {@code [B, C, h, w]}.
 * {@link #encodeSequence} also returns the top hidden state of every step (next-frame prediction,
 * {@link ModelConfig.Pooling#MAX_TIME}).
 */
public final class ConvLstmEncoder extends AbstractBlock {
  private final ModelConfig config;
  private final int maskChannels;
  private final List<Conv2d> stem = new ArrayList<>();
  private final List<ConvLstmCell> cells = new ArrayList<>();

  /**
   * Creates the encoder.
   *
   * @param config model sizes
   * @param maskChannels K mask channels fed to the first ConvLSTM layer, or 0 for none
   */
  public ConvLstmEncoder(ModelConfig config, int maskChannels) {
    this.config = config;
    this.maskChannels = maskChannels;
    int[] stemChannels = config.stemChannels();
    int stride = config.stemDownsample() == ModelConfig.StemDownsample.STRIDE ? 2 : 1;
    for (int i = 0; i < stemChannels.length; i++) {
      stem.add(
          addChildBlock(
              "stem" + i,
              Conv2d.builder()
                  .setKernelShape(new Shape(3, 3))
                  .optStride(new Shape(stride, stride))
                  .optPadding(new Shape(1, 1))
                  .setFilters(stemChannels[i])
                  .build()));
    }
    int[] hidden = config.hiddenChannels();
    for (int i = 0; i < hidden.length; i++) {
      cells.add(
          addChildBlock(
              "convlstm" + i,
              ConvLstmCell.builder()
                  .setHiddenChannels(hidden[i])
                  .optKernel(config.kernel())
                  .build()));
    }
  }

  /** The model sizes this encoder was built for. */
  public ModelConfig config() {
    return config;
  }

  /** Number of mask channels fed to the first ConvLSTM layer (0 if none). */
  public int maskChannels() {
    return maskChannels;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(run(store, inputs, training, null));
  }

  /**
   * Runs the encoder and collects the top layer's hidden state after every time step.
   *
   * @return the T states {@code [B, C, h, w]}, in time order
   */
  public List<NDArray> encodeSequence(ParameterStore store, NDList inputs, boolean training) {
    List<NDArray> states = new ArrayList<>(config.frames());
    run(store, inputs, training, states);
    return states;
  }

  private NDArray run(
      ParameterStore store, NDList inputs, boolean training, List<NDArray> collect) {
    NDArray clip = inputs.get(0);
    Shape shape = clip.getShape();
    long batch = shape.get(0);
    long frames = shape.get(1);
    NDArray x = clip.reshape(batch * frames, shape.get(2), shape.get(3), shape.get(4));
    for (Conv2d conv : stem) {
      x = Activation.relu(conv.forward(store, new NDList(x), training).singletonOrThrow());
      if (config.stemDownsample() == ModelConfig.StemDownsample.MAX_POOL) {
        x = maxPool(x);
      }
    }
    Shape stemShape = x.getShape();
    x = x.reshape(batch, frames, stemShape.get(1), stemShape.get(2), stemShape.get(3));
    NDArray maskMap = null;
    if (maskChannels > 0) {
      NDArray mask = inputs.get(1);
      maskMap =
          mask.reshape(batch, maskChannels, 1, 1)
              .broadcast(new Shape(batch, maskChannels, stemShape.get(2), stemShape.get(3)));
    }
    NDManager manager = clip.getManager();
    NDArray[] h = new NDArray[cells.size()];
    NDArray[] c = new NDArray[cells.size()];
    long side = stemShape.get(2);
    long sideW = stemShape.get(3);
    for (int l = 0; l < cells.size(); l++) {
      h[l] = cells.get(l).zeroState(manager, clip.getDataType(), batch, side, sideW);
      c[l] = h[l];
      side /= 2;
      sideW /= 2;
    }
    for (int t = 0; t < frames; t++) {
      NDArray input = x.get(":, " + t);
      if (maskMap != null) {
        input = input.concat(maskMap, 1);
      }
      for (int l = 0; l < cells.size(); l++) {
        NDList state = cells.get(l).forward(store, new NDList(input, h[l], c[l]), training);
        h[l] = state.get(0);
        c[l] = state.get(1);
        input = l + 1 < cells.size() ? maxPool(h[l]) : h[l];
      }
      if (collect != null) {
        collect.add(h[cells.size() - 1]);
      }
    }
    return h[cells.size() - 1];
  }

  /**
   * This encoder in an ONNX graph: the ConvLSTM unrolled over the model's fixed T. The clip is
   * reshaped to frames for the stem, each time step is a {@code Gather} on the time axis, and the
   * mask (when it enters here) is expanded to constant channels concatenated at every step.
   *
   * @param clip {@code [B, T, 3, H, W]}
   * @param mask {@code [B, K]}, or null when {@link #maskChannels} is 0
   * @return the top layer's hidden state after every time step, in time order
   */
  public List<ONNXRef<?>> toOnnx(OnnxGraph g, ONNXRef<?> clip, ONNXRef<?> mask) {
    int frames = config.frames();
    long channels = 3;
    long height = config.height();
    long width = config.width();
    ONNXRef<?> x = clip;
    if (!stem.isEmpty()) {
      x = g.op(RESHAPE, "frames", x, g.ints("frames_shape", -1, channels, height, width));
      for (int i = 0; i < stem.size(); i++) {
        Conv2d conv = stem.get(i);
        x = g.op(RELU, "stem" + i + "_relu", OnnxLayers.conv(g, "stem" + i, x, conv));
        if (config.stemDownsample() == ModelConfig.StemDownsample.MAX_POOL) {
          x = OnnxLayers.maxPool2(g, "stem" + i + "_pool", x);
        }
        channels = conv.getFilters();
        height /= 2;
        width /= 2;
      }
      x = g.op(RESHAPE, "stem_out", x, g.ints("stem_shape", -1, frames, channels, height, width));
    }
    ONNXRef<?> maskMap = null;
    if (maskChannels > 0) {
      ONNXNode m = g.op(RESHAPE, "mask_4d", mask, g.ints("mask_4d_shape", -1, maskChannels, 1, 1));
      maskMap =
          g.op(EXPAND, "mask_map", m, g.ints("mask_map_shape", 1, maskChannels, height, width));
    }
    List<ConvLstmCell.Unrolled> unrolled = new ArrayList<>(cells.size());
    long inputChannels = channels + maskChannels;
    for (int l = 0; l < cells.size(); l++) {
      unrolled.add(cells.get(l).toOnnx(g, "convlstm" + l, inputChannels));
      inputChannels = cells.get(l).hiddenChannels();
    }
    OnnxLayers.LstmState[] state = new OnnxLayers.LstmState[cells.size()];
    List<ONNXRef<?>> top = new ArrayList<>(frames);
    for (int t = 0; t < frames; t++) {
      String step = "t" + t;
      ONNXRef<?> input = g.op(GATHER, step + "_x", Map.of("axis", 1), x, g.scalar(step, t));
      if (maskMap != null) {
        input = g.op(CONCAT, step + "_x_mask", Map.of("axis", 1), input, maskMap);
      }
      for (int l = 0; l < cells.size(); l++) {
        String name = step + "_l" + l;
        state[l] = unrolled.get(l).step(name, input, state[l]);
        if (l + 1 < cells.size()) {
          input = OnnxLayers.maxPool2(g, name + "_pool", state[l].h());
        }
      }
      top.add(state[cells.size() - 1].h());
    }
    return top;
  }

  /** 2×2 max-pooling with stride 2 (between ConvLSTM layers and after max-pool stem layers). */
  static NDArray maxPool(NDArray x) {
    return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    long batch = shapes[0].get(0);
    long channels = 3;
    long height = config.height();
    long width = config.width();
    for (Conv2d conv : stem) {
      conv.initialize(manager, dataType, new Shape(batch, channels, height, width));
      channels =
          conv.getOutputShapes(new Shape[] {new Shape(batch, channels, height, width)})[0].get(1);
      height /= 2;
      width /= 2;
    }
    channels += maskChannels;
    for (ConvLstmCell cell : cells) {
      cell.initialize(manager, dataType, new Shape(batch, channels, height, width));
      channels = cell.hiddenChannels();
      height /= 2;
      width /= 2;
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {
      new Shape(inputs[0].get(0), config.topChannels(), config.topHeight(), config.topWidth())
    };
  }
}
