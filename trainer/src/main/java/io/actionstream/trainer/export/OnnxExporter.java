package io.actionstream.trainer.export;

import static io.actionstream.trainer.onnx.OnnxOps.SOFTMAX;

import ai.onnx.proto.OnnxMl;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.onnx.OnnxGraph;
import io.actionstream.trainer.onnx.OnnxOps;
import java.util.Map;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes an initialised DJL {@link ActionModel} as ONNX graphs (opset {@value OnnxOps#OPSET}) that
 * compute what {@link ActionModel#probabilities} computes. Each block writes itself ({@link
 * ActionModel#toOnnxFeatures}, {@link ActionModel#toOnnxLogits}, the encoder's and heads' {@code
 * toOnnx}); this class declares the graphs' inputs and outputs.
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
    outputs(g, model.toOnnxLogits(g, model.toOnnxFeatures(g, clip, mask), mask));
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
    ONNXRef<?> features = model.toOnnxFeatures(g, clipInput(g), null);
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
    outputs(g, model.toOnnxLogits(g, features, mask));
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

  /** Per-slot softmax and logits of {@code slotLogits} as the graph's outputs. */
  private void outputs(OnnxGraph g, ONNXRef<?>[] slotLogits) {
    for (int s = 0; s < slotLogits.length; s++) {
      String slot = schema.slot(s).name();
      int words = schema.slot(s).size();
      g.output(
          g.op(SOFTMAX, "softmax_" + slot, Map.of("axis", 1), slotLogits[s]),
          probabilities(slot),
          words);
      g.output(slotLogits[s], logits(slot), words);
    }
  }
}
