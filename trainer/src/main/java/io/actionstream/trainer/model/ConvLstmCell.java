package io.actionstream.trainer.model;

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
   * channels in the order i, f, o, g (for export).
   */
  public Conv2d gatesLayer() {
    return gates;
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
