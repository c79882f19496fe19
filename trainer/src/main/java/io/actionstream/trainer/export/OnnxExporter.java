package io.actionstream.trainer.export;

import static io.actionstream.trainer.export.OnnxOps.ADD;
import static io.actionstream.trainer.export.OnnxOps.AVERAGE_POOL;
import static io.actionstream.trainer.export.OnnxOps.CONCAT;
import static io.actionstream.trainer.export.OnnxOps.CONV;
import static io.actionstream.trainer.export.OnnxOps.EXPAND;
import static io.actionstream.trainer.export.OnnxOps.FLATTEN;
import static io.actionstream.trainer.export.OnnxOps.GATHER;
import static io.actionstream.trainer.export.OnnxOps.GEMM;
import static io.actionstream.trainer.export.OnnxOps.GLOBAL_MAX_POOL;
import static io.actionstream.trainer.export.OnnxOps.MAX;
import static io.actionstream.trainer.export.OnnxOps.MAX_POOL;
import static io.actionstream.trainer.export.OnnxOps.MUL;
import static io.actionstream.trainer.export.OnnxOps.RELU;
import static io.actionstream.trainer.export.OnnxOps.RESHAPE;
import static io.actionstream.trainer.export.OnnxOps.SIGMOID;
import static io.actionstream.trainer.export.OnnxOps.SLICE;
import static io.actionstream.trainer.export.OnnxOps.SOFTMAX;
import static io.actionstream.trainer.export.OnnxOps.SPLIT4;
import static io.actionstream.trainer.export.OnnxOps.TANH;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.onnx.proto.OnnxMl;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ConvLstmCell;
import io.actionstream.trainer.model.ConvLstmEncoder;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.model.SentenceDecoder;
import io.actionstream.trainer.model.SlotHeads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes an initialised DJL {@link ActionModel} as ONNX graphs (opset {@value OnnxOps#OPSET}) that
 * compute what {@link ActionModel#probabilities} computes.
 *
 * <p>The ConvLSTM is unrolled over the model's fixed T: the clip is reshaped to frames for the stem
 * convolutions, each time step is a {@code Gather} on the time axis, each cell step is one {@code
 * Conv} over {@code concat(x, h)}, a {@code Split} into i, f, o, g and the element-wise cell
 * update. The zero initial state is not materialised: the first step convolves {@code x} alone with
 * the input slice of the gate weights and drops the {@code f·c} term, which is the same sum without
 * the zero terms. The pooling of {@link ModelConfig#pooling} follows: {@code AveragePool} to 4×4,
 * {@code GlobalMaxPool} of the last state, the element-wise {@code Max} of every step's state then
 * {@code GlobalMaxPool}, or nothing; then {@code Flatten}. The sentence decoder's LSTM is unrolled
 * the same way with PyTorch's gate order i, f, g, o; its input is the same vector at every step, so
 * the input projection is computed once.
 *
 * <p>Three graphs: {@link #model} ({@code clip}, {@code mask} → per-slot {@code prob_<slot>} and
 * {@code logits_<slot>}); and, for {@link ModelConfig.MaskInput#FEATURES} models, {@link #encoder}
 * ({@code clip} → {@code features [B, F]}) and {@link #head} ({@code features}, {@code mask} → the
 * same outputs), so a masked query over cached features reruns only the head.
 */
public final class OnnxExporter {
  /** Name of the clip input, float32 {@code [batch, T, 3, H, W]}. */
  public static final String CLIP = "clip";

  /** Name of the mask input, float32 {@code [batch, K]}. */
  public static final String MASK = "mask";

  /** Name of the clip features (output of the encoder graph, input of the head graph). */
  public static final String FEATURES = "features";

  /** The producer name written into every graph. */
  public static final String PRODUCER = "actionstream-trainer";

  private final ActionModel model;
  private final ModelConfig config;
  private final PropertySchema schema;

  /**
   * Creates an exporter for {@code model}, whose parameters must be initialised (and loaded).
   *
   * @throws IllegalArgumentException if the model is not initialised
   */
  public OnnxExporter(ActionModel model) {
    if (!model.isInitialized()) {
      throw new IllegalArgumentException("the model must be initialised before export");
    }
    this.model = model;
    this.config = model.config();
    this.schema = model.schema();
  }

  /** Output name of slot {@code slot}'s probabilities. */
  public static String probabilities(String slot) {
    return "prob_" + slot;
  }

  /** Output name of slot {@code slot}'s logits. */
  public static String logits(String slot) {
    return "logits_" + slot;
  }

  /** The producer version: the trainer jar's version, or {@code development}. */
  public static String producerVersion() {
    String v = OnnxExporter.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  /** Whether the model can be split into {@link #encoder} and {@link #head} graphs. */
  public boolean splittable() {
    return config.maskInput() == ModelConfig.MaskInput.FEATURES;
  }

  /**
   * The whole model: {@code clip}, {@code mask} → {@code prob_<slot>}, {@code logits_<slot>}.
   *
   * @param docString the graph's description
   * @param metadata {@code metadata_props} entries
   */
  public OnnxMl.ModelProto model(String docString, Map<String, String> metadata) {
    OnnxGraph g = new OnnxGraph("actionstream_action_model");
    ONNXPlaceholder clip = clipInput(g);
    ONNXPlaceholder mask = g.input(MASK, schema.slotCount());
    ONNXRef<?> features = encode(g, clip, mask);
    head(g, features, mask);
    return g.toModel(PRODUCER, producerVersion(), docString, metadata);
  }

  /**
   * The encoder of a {@code features}-mask model: {@code clip} → {@code features [batch, F]}.
   *
   * @throws IllegalStateException if the mask enters at the input (the encoder needs it)
   */
  public OnnxMl.ModelProto encoder(String docString, Map<String, String> metadata) {
    requireSplittable();
    OnnxGraph g = new OnnxGraph("actionstream_encoder");
    ONNXRef<?> features = encode(g, clipInput(g), null);
    g.output(features, FEATURES, config.featureSize());
    return g.toModel(PRODUCER, producerVersion(), docString, metadata);
  }

  /**
   * The head of a {@code features}-mask model: {@code features}, {@code mask} → {@code
   * prob_<slot>}, {@code logits_<slot>}.
   *
   * @throws IllegalStateException if the mask enters at the input
   */
  public OnnxMl.ModelProto head(String docString, Map<String, String> metadata) {
    requireSplittable();
    OnnxGraph g = new OnnxGraph("actionstream_head");
    ONNXPlaceholder features = g.input(FEATURES, config.featureSize());
    ONNXPlaceholder mask = g.input(MASK, schema.slotCount());
    head(g, features, mask);
    return g.toModel(PRODUCER, producerVersion(), docString, metadata);
  }

  private void requireSplittable() {
    if (!splittable()) {
      throw new IllegalStateException(
          "encoder/head graphs need model.mask_input=features; this model takes the mask at"
              + " its input");
    }
  }

  private ONNXPlaceholder clipInput(OnnxGraph g) {
    return g.input(CLIP, config.frames(), 3, config.height(), config.width());
  }

  /** The encoder and pooling: clip (and mask for input masks) → features {@code [B, F]}. */
  private ONNXRef<?> encode(OnnxGraph g, ONNXRef<?> clip, ONNXRef<?> mask) {
    ConvLstmEncoder encoder = model.encoder();
    int frames = config.frames();
    long channels = 3;
    long height = config.height();
    long width = config.width();
    ONNXRef<?> x = clip;
    List<Conv2d> stem = encoder.stemLayers();
    if (!stem.isEmpty()) {
      x = g.op(RESHAPE, "frames", x, g.ints("frames_shape", -1, channels, height, width));
      for (int i = 0; i < stem.size(); i++) {
        Conv2d conv = stem.get(i);
        x =
            g.op(
                RELU,
                "stem" + i + "_relu",
                conv(g, "stem" + i, x, conv, g.parameter("stem" + i + "_weight", conv, "weight")));
        if (config.stemDownsample() == ModelConfig.StemDownsample.MAX_POOL) {
          x = maxPool2(g, "stem" + i + "_pool", x);
        }
        channels = conv.getFilters();
        height /= 2;
        width /= 2;
      }
      x = g.op(RESHAPE, "stem_out", x, g.ints("stem_shape", -1, frames, channels, height, width));
    }
    ONNXRef<?> maskMap = null;
    int maskChannels = encoder.maskChannels();
    if (maskChannels > 0) {
      ONNXNode m = g.op(RESHAPE, "mask_4d", mask, g.ints("mask_4d_shape", -1, maskChannels, 1, 1));
      maskMap =
          g.op(EXPAND, "mask_map", m, g.ints("mask_map_shape", 1, maskChannels, height, width));
    }

    List<ConvLstmCell> cells = encoder.cells();
    int layers = cells.size();
    ONNXInitializer[] weights = new ONNXInitializer[layers];
    ONNXRef<?>[] inputWeights = new ONNXRef<?>[layers];
    long inputChannels = channels + maskChannels;
    for (int l = 0; l < layers; l++) {
      Conv2d gates = cells.get(l).gatesLayer();
      weights[l] = g.parameter("convlstm" + l + "_weight", gates, "weight");
      // first step: h = 0, so only the input channels of the gate weights contribute
      inputWeights[l] =
          g.op(
              SLICE,
              "convlstm" + l + "_input_weight",
              weights[l],
              g.ints("zero", 0),
              g.ints("convlstm" + l + "_input_channels", inputChannels),
              g.ints("axis1", 1));
      inputChannels = cells.get(l).hiddenChannels();
    }
    ONNXInitializer[] biases = new ONNXInitializer[layers];
    for (int l = 0; l < layers; l++) {
      biases[l] = g.parameter("convlstm" + l + "_bias", cells.get(l).gatesLayer(), "bias");
    }

    ONNXRef<?>[] h = new ONNXRef<?>[layers];
    ONNXRef<?>[] c = new ONNXRef<?>[layers];
    List<ONNXRef<?>> topStates = new ArrayList<>(frames);
    for (int t = 0; t < frames; t++) {
      String step = "t" + t;
      ONNXRef<?> input = g.op(GATHER, step + "_x", Map.of("axis", 1), x, g.scalar(step, t));
      if (maskMap != null) {
        input = g.op(CONCAT, step + "_x_mask", Map.of("axis", 1), input, maskMap);
      }
      for (int l = 0; l < layers; l++) {
        String name = step + "_l" + l;
        Conv2d gatesLayer = cells.get(l).gatesLayer();
        ONNXRef<?> z;
        if (t == 0) {
          z = conv(g, name + "_gates", input, gatesLayer, inputWeights[l], biases[l]);
        } else {
          ONNXNode xh = g.op(CONCAT, name + "_xh", Map.of("axis", 1), input, h[l]);
          z = conv(g, name + "_gates", xh, gatesLayer, weights[l], biases[l]);
        }
        Cell cell = cell(g, name, z, "ifog", t == 0 ? null : c[l]);
        c[l] = cell.c();
        h[l] = cell.h();
        if (l + 1 < layers) {
          input = maxPool2(g, name + "_pool", h[l]);
        }
      }
      topStates.add(h[layers - 1]);
    }
    return g.op(FLATTEN, "clip_features", Map.of("axis", 1), pool(g, topStates));
  }

  /** The pooling of {@link ModelConfig#pooling} over the top layer's states, one per step. */
  private ONNXRef<?> pool(OnnxGraph g, List<ONNXRef<?>> states) {
    ONNXRef<?> last = states.get(states.size() - 1);
    return switch (config.pooling()) {
      case AVG4 -> {
        int kh = config.topHeight() / ModelConfig.POOLED_SIDE;
        int kw = config.topWidth() / ModelConfig.POOLED_SIDE;
        yield g.op(
            AVERAGE_POOL,
            "pooled",
            Map.of(
                "kernel_shape", new int[] {kh, kw},
                "strides", new int[] {kh, kw},
                "pads", new int[] {0, 0, 0, 0}),
            last);
      }
      case MAX -> g.op(GLOBAL_MAX_POOL, "pooled", last);
      case MAX_TIME ->
          g.op(
              GLOBAL_MAX_POOL,
              "pooled",
              g.op(MAX, "max_over_time", states.toArray(ONNXRef<?>[]::new)));
      case FLATTEN -> last;
    };
  }

  private static ONNXNode maxPool2(OnnxGraph g, String name, ONNXRef<?> x) {
    return g.op(
        MAX_POOL,
        name,
        Map.of(
            "kernel_shape", new int[] {2, 2},
            "strides", new int[] {2, 2},
            "pads", new int[] {0, 0, 0, 0}),
        x);
  }

  private static ONNXNode conv(
      OnnxGraph g, String name, ONNXRef<?> x, Conv2d layer, ONNXRef<?> weight) {
    return conv(g, name, x, layer, weight, g.parameter(name + "_bias", layer, "bias"));
  }

  private static ONNXNode conv(
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

  /** The head: features (+ mask) → per-slot logits and probabilities as graph outputs. */
  private void head(OnnxGraph g, ONNXRef<?> features, ONNXRef<?> mask) {
    ONNXRef<?> in = features;
    if (config.maskInput() == ModelConfig.MaskInput.FEATURES) {
      in = g.op(CONCAT, "features_mask", Map.of("axis", 1), features, mask);
    }
    int k = schema.slotCount();
    ONNXRef<?>[] slotLogits = new ONNXRef<?>[k];
    if (config.head() == ModelConfig.Head.SLOTS) {
      SlotHeads heads = (SlotHeads) model.head();
      ONNXNode hidden = g.op(RELU, "head_relu", linear(g, "head_shared", in, heads.sharedLayer()));
      List<Linear> layers = heads.slotLayers();
      for (int s = 0; s < k; s++) {
        slotLogits[s] = linear(g, "head_slot" + s, hidden, layers.get(s));
      }
    } else {
      sentence(g, in, slotLogits);
    }
    for (int s = 0; s < k; s++) {
      String slot = schema.slot(s).name();
      int words = schema.slot(s).size();
      g.output(
          g.op(SOFTMAX, "softmax_" + slot, Map.of("axis", 1), slotLogits[s]),
          probabilities(slot),
          words);
      g.output(slotLogits[s], logits(slot), words);
    }
  }

  /** The sentence decoder, one LSTM step per slot, each slot's slice of the dictionary logits. */
  private void sentence(OnnxGraph g, ONNXRef<?> in, ONNXRef<?>[] slotLogits) {
    SentenceDecoder decoder = (SentenceDecoder) model.head();
    ONNXNode z = g.op(RELU, "project_relu", linear(g, "project", in, decoder.projectLayer()));
    var lstm = decoder.lstmLayer();
    ONNXInitializer wih = g.parameter("lstm_w_ih", lstm, "l_0_i2h_WEIGHT");
    ONNXInitializer whh = g.parameter("lstm_w_hh", lstm, "l_0_h2h_WEIGHT");
    ONNXInitializer bih = g.parameter("lstm_b_ih", lstm, "l_0_i2h_BIAS");
    ONNXInitializer bhh = g.parameter("lstm_b_hh", lstm, "l_0_h2h_BIAS");
    // the input is the same vector at every position: project it once
    ONNXNode xproj =
        g.op(ADD, "lstm_x_bias", g.op(GEMM, "lstm_x", Map.of("transB", 1), z, wih, bih), bhh);
    Linear vocabulary = decoder.vocabularyLayer();
    ONNXInitializer wv = g.parameter("vocabulary_weight", vocabulary, "weight");
    ONNXInitializer bv = g.parameter("vocabulary_bias", vocabulary, "bias");
    ONNXRef<?> h = null;
    ONNXRef<?> c = null;
    for (int s = 0; s < slotLogits.length; s++) {
      String name = "lstm_k" + s;
      ONNXRef<?> gates =
          s == 0 ? xproj : g.op(GEMM, name + "_gates", Map.of("transB", 1), h, whh, xproj);
      // PyTorch's order: input, forget, cell (g), output
      Cell cell = cell(g, name, gates, "ifgo", s == 0 ? null : c);
      c = cell.c();
      h = cell.h();
      ONNXNode words = g.op(GEMM, name + "_words", Map.of("transB", 1), h, wv, bv);
      int from = model.dictionaryOffset(s);
      int to = from + schema.slot(s).size();
      slotLogits[s] =
          g.op(
              SLICE,
              name + "_slot_words",
              words,
              g.ints(name + "_from", from),
              g.ints(name + "_to", to),
              g.ints("axis1", 1));
    }
  }

  /** An LSTM cell's new hidden and cell states. */
  private record Cell(ONNXNode h, ONNXNode c) {}

  /**
   * The LSTM cell update both recurrent blocks share: {@code c = f·c' + i·g} ({@code i·g} when
   * there is no previous {@code c'}) and {@code h = o·tanh(c)}, from the pre-activations {@code z}
   * whose four gates lie along axis 1 in {@code order} (letters i, f, g, o; the ConvLSTM's is
   * {@code ifog}, PyTorch's LSTM's {@code ifgo}).
   */
  private static Cell cell(
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
    return new Cell(g.op(MUL, name + "_h", o, g.op(TANH, name + "_tanh_c", c)), c);
  }

  private static ONNXNode linear(OnnxGraph g, String name, ONNXRef<?> x, Linear layer) {
    return g.op(
        GEMM,
        name,
        Map.of("transB", 1),
        x,
        g.parameter(name + "_weight", layer, "weight"),
        g.parameter(name + "_bias", layer, "bias"));
  }
}
