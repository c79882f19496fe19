package io.actionstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Unsupervised pre-training model: the same {@link ConvLstmEncoder} as the action model plus a
 * convolutional decoder that predicts frame t+1 from the top hidden state after frame t. Each
 * decoder stage doubles the resolution by nearest-neighbour upsampling followed by a 3×3
 * convolution and a ReLU (DJL's PyTorch engine has no transposed convolution); a final 3×3
 * convolution gives the 3 channels.
 *
 * <p>Inputs: {@code clip [B, T, 3, H, W]} and {@code mask [B, K]} (all ones; only used when the
 * encoder takes mask channels, so that its weights transfer to the action model unchanged). Output:
 * predicted frames 1..T-1, {@code [B, T-1, 3, H, W]}.
 */
public final class NextFramePredictor extends AbstractBlock {
  private final ModelConfig config;
  private final ConvLstmEncoder encoder;
  private final List<Conv2d> up = new ArrayList<>();
  private final Conv2d out;

  /**
   * Creates the predictor.
   *
   * @param config model sizes (the encoder's)
   * @param maskChannels the encoder's mask channels: the slot count when the action model takes the
   *     mask at its input, else 0
   */
  public NextFramePredictor(ModelConfig config, int maskChannels) {
    this.config = config;
    this.encoder = addChildBlock("encoder", new ConvLstmEncoder(config, maskChannels));
    int stages = config.stemChannels().length + config.hiddenChannels().length - 1;
    int channels = config.topChannels();
    for (int i = 0; i < stages; i++) {
      channels = Math.max(8, channels / 2);
      up.add(
          addChildBlock(
              "up" + i,
              Conv2d.builder()
                  .setKernelShape(new Shape(3, 3))
                  .optPadding(new Shape(1, 1))
                  .setFilters(channels)
                  .build()));
    }
    this.out =
        addChildBlock(
            "out",
            Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(3)
                .build());
  }

  /** The encoder, whose weights transfer to the action model. */
  public ConvLstmEncoder encoder() {
    return encoder;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    List<NDArray> states = encoder.encodeSequence(store, inputs, training);
    long batch = inputs.get(0).getShape().get(0);
    int steps = states.size() - 1;
    NDArray x = NDArrays.stack(new NDList(states.subList(0, steps)), 1); // [B, T-1, C, h, w]
    Shape s = x.getShape();
    x = x.reshape(batch * steps, s.get(2), s.get(3), s.get(4));
    for (Conv2d layer : up) {
      x =
          Activation.relu(
              layer.forward(store, new NDList(upsample(x)), training).singletonOrThrow());
    }
    x = out.forward(store, new NDList(x), training).singletonOrThrow();
    return new NDList(x.reshape(batch, steps, 3, config.height(), config.width()));
  }

  /** Nearest-neighbour ×2 upsampling of {@code [N, C, h, w]}. */
  static NDArray upsample(NDArray x) {
    Shape s = x.getShape();
    long n = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(n, c, h, 1, w, 1)
        .broadcast(new Shape(n, c, h, 2, w, 2))
        .reshape(n, c, h * 2, w * 2);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    encoder.initialize(manager, dataType, shapes);
    long n = shapes[0].get(0);
    Shape x = new Shape(n, config.topChannels(), config.topHeight(), config.topWidth());
    for (Conv2d layer : up) {
      x = new Shape(x.get(0), x.get(1), x.get(2) * 2, x.get(3) * 2);
      layer.initialize(manager, dataType, x);
      x = layer.getOutputShapes(new Shape[] {x})[0];
    }
    out.initialize(manager, dataType, x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {
      new Shape(inputs[0].get(0), config.frames() - 1, 3, config.height(), config.width())
    };
  }
}
