package io.actionstream.trainer.model;

import static io.actionstream.trainer.onnx.OnnxOps.CONCAT;
import static io.actionstream.trainer.onnx.OnnxOps.SLICE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.actionstream.trainer.onnx.OnnxGraph;
import io.actionstream.trainer.onnx.OnnxLayers;
import java.util.Map;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXRef;

/**
 * One ConvLSTM cell after Shi et al. (2015): a single convolution over {@code concat(x, h)} gives
 * 4·C channels, split in the order i, f, o, g; {@code c' = σ(f)·c + σ(i)·tanh(g)} and {@code h' =
 * σ(o)·tanh(c')}. Same padding, with bias.
 *
 * <p>Inputs: {@code x [B, Cin, H, W]}, {@code h [B, C, H, W]}, {@code c [B, C, H, W]}. Outputs:
 * {@code h'}, {@code c'}.
 */
public final class ConvLstmCell extends AbstractBlock {
  private final int hiddenChannels;
  private final Conv2d gates;

  private ConvLstmCell(Builder builder) {
    this.hiddenChannels = builder.hiddenChannels;
    int pad = builder.kernel / 2;
    this.gates =
        addChildBlock(
            "gates",
            Conv2d.builder()
                .setKernelShape(new Shape(builder.kernel, builder.kernel))
                .optPadding(new Shape(pad, pad))
                .setFilters(4 * builder.hiddenChannels)
                .build());
  }

  /** A builder: {@code setHiddenChannels} is required, the kernel defaults to 3. */
  public static Builder builder() {
    return new Builder();
  }

  /** Hidden (and cell) channels, C. */
  public int hiddenChannels() {
    return hiddenChannels;
  }

  /** Kernel size of the gate convolution. */
  public int kernel() {
    return (int) gates.getKernelShape().get(0);
  }

  /**
   * The gate convolution over {@code concat(x, h)}: weight {@code [4C, Cin + C, k, k]}, output
   * channels in the order i, f, o, g (for the engine check).
   */
  public Conv2d gatesLayer() {
    return gates;
  }

  /**
   * This cell in an ONNX graph, to be unrolled by one {@link Unrolled#step} per time step; its
   * weights become the initializers {@code <name>_weight} and {@code <name>_bias}, once.
   *
   * @param inputChannels Cin, the channels of x: the first step (h = 0) convolves x alone with the
   *     input slice of the weights and drops {@code f·c}, the same sum without its zero terms
   */
  public Unrolled toOnnx(OnnxGraph g, String name, long inputChannels) {
    ONNXInitializer weight = g.parameter(name + "_weight", gates, "weight");
    ONNXNode inputWeight =
        g.op(
            SLICE,
            name + "_input_weight",
            weight,
            g.ints("zero", 0),
            g.ints(name + "_input_channels", inputChannels),
            g.ints("axis1", 1));
    return new Unrolled(g, weight, inputWeight, g.parameter(name + "_bias", gates, "bias"));
  }

  /** The cell's weights in one graph; each {@link #step} adds one time step. */
  public final class Unrolled {
    private final OnnxGraph g;
    private final ONNXRef<?> weight;
    private final ONNXRef<?> inputWeight;
    private final ONNXRef<?> bias;

    private Unrolled(OnnxGraph g, ONNXRef<?> weight, ONNXRef<?> inputWeight, ONNXRef<?> bias) {
      this.g = g;
      this.weight = weight;
      this.inputWeight = inputWeight;
      this.bias = bias;
    }

    /** One time step: {@code x} and the previous state (null at the first step) → the new state. */
    public OnnxLayers.LstmState step(String name, ONNXRef<?> x, OnnxLayers.LstmState previous) {
      if (previous == null) {
        ONNXNode z = OnnxLayers.conv(g, name + "_gates", x, gates, inputWeight, bias);
        return OnnxLayers.lstmCell(g, name, z, "ifog", null);
      }
      ONNXNode xh = g.op(CONCAT, name + "_xh", Map.of("axis", 1), x, previous.h());
      ONNXNode z = OnnxLayers.conv(g, name + "_gates", xh, gates, weight, bias);
      return OnnxLayers.lstmCell(g, name, z, "ifog", previous.c());
    }
  }

  /** A zero state {@code [B, C, H, W]} of {@code type} for the first time step. */
  public NDArray zeroState(NDManager manager, DataType type, long batch, long height, long width) {
    return manager.zeros(new Shape(batch, hiddenChannels, height, width), type);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray h = inputs.get(1);
    NDArray c = inputs.get(2);
    NDArray z = gates.forward(store, new NDList(x.concat(h, 1)), training).singletonOrThrow();
    NDList split = z.split(4, 1);
    NDArray i = Activation.sigmoid(split.get(0));
    NDArray f = Activation.sigmoid(split.get(1));
    NDArray o = Activation.sigmoid(split.get(2));
    NDArray g = split.get(3).tanh();
    NDArray cNext = f.mul(c).add(i.mul(g));
    NDArray hNext = o.mul(cNext.tanh());
    return new NDList(hNext, cNext);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    Shape x = shapes[0];
    gates.initialize(
        manager, dataType, new Shape(x.get(0), x.get(1) + hiddenChannels, x.get(2), x.get(3)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape x = inputs[0];
    Shape state = new Shape(x.get(0), hiddenChannels, x.get(2), x.get(3));
    return new Shape[] {state, state};
  }

  /** Builds a {@link ConvLstmCell}. */
  public static final class Builder {
    private int hiddenChannels;
    private int kernel = 3;

    private Builder() {}

    /** Hidden channels C (required, positive). */
    public Builder setHiddenChannels(int hiddenChannels) {
      this.hiddenChannels = hiddenChannels;
      return this;
    }

    /** Odd kernel size (default 3). */
    public Builder optKernel(int kernel) {
      this.kernel = kernel;
      return this;
    }

    /**
     * Builds the cell.
     *
     * @throws IllegalArgumentException if C is not positive or the kernel is not odd
     */
    public ConvLstmCell build() {
      if (hiddenChannels < 1) {
        throw new IllegalArgumentException(
            "hiddenChannels must be positive, got " + hiddenChannels);
      }
      if (kernel < 1 || kernel % 2 == 0) {
        throw new IllegalArgumentException("kernel must be odd and positive, got " + kernel);
      }
      return new ConvLstmCell(this);
    }
  }
}
