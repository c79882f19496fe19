package io.actionstream.trainer.onnx;

import static io.actionstream.trainer.onnx.OnnxOps.ADD;
import static io.actionstream.trainer.onnx.OnnxOps.CONV;
import static io.actionstream.trainer.onnx.OnnxOps.GEMM;
import static io.actionstream.trainer.onnx.OnnxOps.MAX_POOL;
import static io.actionstream.trainer.onnx.OnnxOps.MUL;
import static io.actionstream.trainer.onnx.OnnxOps.SIGMOID;
import static io.actionstream.trainer.onnx.OnnxOps.SPLIT4;
import static io.actionstream.trainer.onnx.OnnxOps.TANH;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The ONNX form of the DJL layers the model's blocks are made of ({@link Conv2d}, {@link Linear},
 * 2×2 max-pooling) and the LSTM cell update both recurrent blocks share. Each block writes itself
 * with these; none of them knows the block it serves.
 */
public final class OnnxLayers {
  private OnnxLayers() {}

  /** An LSTM cell's new hidden and cell states. */
  public record LstmState(ONNXNode h, ONNXNode c) {}

  /** {@code layer} with its own weight and bias (initializers {@code <name>_weight/_bias}). */
  public static ONNXNode conv(OnnxGraph g, String name, ONNXRef<?> x, Conv2d layer) {
    return conv(
        g,
        name,
        x,
        layer,
        g.parameter(name + "_weight", layer, "weight"),
        g.parameter(name + "_bias", layer, "bias"));
  }

  /** {@code layer}'s kernel, stride and padding applied with the given weight and bias. */
  public static ONNXNode conv(
      OnnxGraph g, String name, ONNXRef<?> x, Conv2d layer, ONNXRef<?> weight, ONNXRef<?> bias) {
    Shape k = layer.getKernelShape();
    Shape s = layer.getStride();
    Shape p = layer.getPadding();
    return g.op(
        CONV,
        name,
        Map.of(
            "kernel_shape", new int[] {(int) k.get(0), (int) k.get(1)},
            "strides", new int[] {(int) s.get(0), (int) s.get(1)},
            "pads", new int[] {(int) p.get(0), (int) p.get(1), (int) p.get(0), (int) p.get(1)}),
        x,
        weight,
        bias);
  }

  /** {@code x·Wᵀ + b} with {@code layer}'s parameters. */
  public static ONNXNode linear(OnnxGraph g, String name, ONNXRef<?> x, Linear layer) {
    return g.op(
        GEMM,
        name,
        Map.of("transB", 1),
        x,
        g.parameter(name + "_weight", layer, "weight"),
        g.parameter(name + "_bias", layer, "bias"));
  }

  /** 2×2 max-pooling with stride 2. */
  public static ONNXNode maxPool2(OnnxGraph g, String name, ONNXRef<?> x) {
    return g.op(
        MAX_POOL,
        name,
        Map.of(
            "kernel_shape", new int[] {2, 2},
            "strides", new int[] {2, 2},
            "pads", new int[] {0, 0, 0, 0}),
        x);
  }

  /**
   * The LSTM cell update: {@code c = f·c' + i·g} ({@code i·g} when there is no previous {@code c'})
   * and {@code h = o·tanh(c)}, from the pre-activations {@code z} whose four gates lie along axis 1
   * in {@code order} (letters i, f, g, o; the ConvLSTM's is {@code ifog}, PyTorch's LSTM's {@code
   * ifgo}).
   */
  public static LstmState lstmCell(
      OnnxGraph g, String name, ONNXRef<?> z, String order, ONNXRef<?> previousC) {
    List<String> names = order.chars().mapToObj(k -> name + "_" + (char) k).toList();
    List<ONNXNode> split = g.ops(SPLIT4, names, Map.of("axis", 1), z);
    ONNXNode i = g.op(SIGMOID, name + "_sig_i", split.get(order.indexOf('i')));
    ONNXNode o = g.op(SIGMOID, name + "_sig_o", split.get(order.indexOf('o')));
    ONNXNode gg = g.op(TANH, name + "_tanh_g", split.get(order.indexOf('g')));
    ONNXNode ig = g.op(MUL, name + "_ig", i, gg);
    ONNXNode c = ig;
    if (previousC != null) {
      ONNXNode f = g.op(SIGMOID, name + "_sig_f", split.get(order.indexOf('f')));
      c = g.op(ADD, name + "_c", g.op(MUL, name + "_fc", f, previousC), ig);
    }
    return new LstmState(g.op(MUL, name + "_h", o, g.op(TANH, name + "_tanh_c", c)), c);
  }
}
