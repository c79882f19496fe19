package io.actionstream.trainer.model;

import static io.actionstream.trainer.onnx.OnnxOps.AVERAGE_POOL;
import static io.actionstream.trainer.onnx.OnnxOps.CONCAT;
import static io.actionstream.trainer.onnx.OnnxOps.FLATTEN;
import static io.actionstream.trainer.onnx.OnnxOps.GLOBAL_MAX_POOL;
import static io.actionstream.trainer.onnx.OnnxOps.MAX;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.onnx.OnnxGraph;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The action model: {@link ConvLstmEncoder} → pooling ({@link ModelConfig.Pooling}) → flattened
 * clip features (with the mask appended when {@link ModelConfig.MaskInput#FEATURES}) → {@link
 * SlotHeads} or {@link SentenceDecoder}; or, unpooled over positions ({@link #stateMap}), → {@link
 * FactoredHeads}.
 *
 * <p>Inputs: {@code clip [B, T, 3, H, W]} float32 (normalised) and {@code mask [B, K]} float32 of
 * 0/1. Outputs: K logit arrays, one per slot: {@code [B, n_k]} for the slot and factored heads,
 * {@code [B, V]} over the whole dictionary for the sentence head; {@link #slotLogits} gives
 * per-slot logits for both.
 */
public final class ActionModel extends AbstractBlock {
  private final ModelConfig config;
  private final PropertySchema schema;
  private final ConvLstmEncoder encoder;
  private final ActionHead head;
  private final int[] offsets;
  private final int dictionarySize;

  /** Creates the model for {@code schema} with sizes from {@code config}. */
  public ActionModel(ModelConfig config, PropertySchema schema) {
    this.config = config;
    this.schema = schema;
    int k = schema.slotCount();
    int[] sizes = new int[k];
    offsets = new int[k];
    int v = 0;
    for (int i = 0; i < k; i++) {
      sizes[i] = schema.slot(i).size();
      offsets[i] = v;
      v += sizes[i];
    }
    dictionarySize = v;
    int maskChannels = config.maskInput() == ModelConfig.MaskInput.INPUT ? k : 0;
    encoder = addChildBlock("encoder", new ConvLstmEncoder(config, maskChannels));
    head =
        addChildBlock(
            "head",
            switch (config.head()) {
              case SLOTS -> new SlotHeads(config.headHidden(), sizes);
              case SENTENCE -> new SentenceDecoder(config.headHidden(), sizes);
              case FACTORED -> new FactoredHeads(config.headHidden(), sizes);
            });
  }

  /** Model sizes. */
  public ModelConfig config() {
    return config;
  }

  /** The vocabulary the heads score. */
  public PropertySchema schema() {
    return schema;
  }

  /** The clip encoder (shared with next-frame pre-training). */
  public ConvLstmEncoder encoder() {
    return encoder;
  }

  /** The head ({@link SlotHeads} or {@link SentenceDecoder}). */
  public ActionHead head() {
    return head;
  }

  /** Offset of slot {@code k}'s first word in the whole dictionary. */
  public int dictionaryOffset(int k) {
    return offsets[k];
  }

  /** Number of words over all slots, V. */
  public int dictionarySize() {
    return dictionarySize;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (isFactored()) {
      return head.forward(store, new NDList(stateMap(store, inputs, training)), training);
    }
    NDArray features = clipFeatures(store, inputs, training);
    if (config.maskInput() == ModelConfig.MaskInput.FEATURES) {
      features = features.concat(inputs.get(1), 1);
    }
    return head.forward(store, new NDList(features), training);
  }

  /** Pooled, flattened clip features {@code [B, F]} (before the mask is appended). */
  public NDArray clipFeatures(ParameterStore store, NDList inputs, boolean training) {
    long batch = inputs.get(0).getShape().get(0);
    NDArray pooled =
        switch (config.pooling()) {
          case AVG4 -> {
            NDArray top = encoder.forward(store, inputs, training).singletonOrThrow();
            int kh = config.topHeight() / ModelConfig.POOLED_SIDE;
            int kw = config.topWidth() / ModelConfig.POOLED_SIDE;
            yield Pool.avgPool2d(
                top, new Shape(kh, kw), new Shape(kh, kw), new Shape(0, 0), false, true);
          }
          case MAX, MAX_TIME -> maxOverPositions(stateMap(store, inputs, training));
          case FLATTEN -> encoder.forward(store, inputs, training).singletonOrThrow();
        };
    return pooled.reshape(batch, config.featureSize());
  }

  /**
   * The top layer's state map {@code [B, C, h, w]}: every step's state max-pooled over time with
   * {@code max_time}, else the last state. The {@code max} poolings take its maximum over
   * positions; the factored head attends over it.
   */
  public NDArray stateMap(ParameterStore store, NDList inputs, boolean training) {
    return config.pooling() == ModelConfig.Pooling.MAX_TIME
        ? NDArrays.stack(new NDList(encoder.encodeSequence(store, inputs, training)))
            .max(new int[] {0})
        : encoder.forward(store, inputs, training).singletonOrThrow();
  }

  private boolean isFactored() {
    return config.head() == ModelConfig.Head.FACTORED;
  }

  private static NDArray maxOverPositions(NDArray x) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), -1).max(new int[] {2});
  }

  /**
   * Per-slot logits {@code [B, n_k]} from the model outputs: the outputs themselves for the slot
   * head, the slot's range of the dictionary for the sentence head.
   */
  public NDList slotLogits(NDList outputs) {
    return head.slotLogits(outputs);
  }

  /**
   * The encoder and pooling in an ONNX graph, as {@link #clipFeatures} computes them: {@code
   * AveragePool} to 4×4, {@code GlobalMaxPool} of the last state, the element-wise {@code Max} of
   * every step's state then {@code GlobalMaxPool}, or nothing; then {@code Flatten}.
   *
   * @param mask the mask input, used only when it enters the encoder
   * @return the clip features {@code [B, F]}; for the factored head the state map {@code [B, C, h,
   *     w]} ({@link #stateMap}), which it pools itself
   */
  public ONNXRef<?> toOnnxFeatures(OnnxGraph g, ONNXRef<?> clip, ONNXRef<?> mask) {
    List<ONNXRef<?>> states = encoder.toOnnx(g, clip, encoder.maskChannels() > 0 ? mask : null);
    ONNXRef<?> last = states.get(states.size() - 1);
    ONNXRef<?> map =
        config.pooling() == ModelConfig.Pooling.MAX_TIME
            ? g.op(MAX, "max_over_time", states.toArray(ONNXRef<?>[]::new))
            : last;
    if (isFactored()) {
      return map;
    }
    ONNXRef<?> pooled =
        switch (config.pooling()) {
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
          case MAX, MAX_TIME -> g.op(GLOBAL_MAX_POOL, "pooled", map);
          case FLATTEN -> last;
        };
    return g.op(FLATTEN, "clip_features", Map.of("axis", 1), pooled);
  }

  /**
   * The head in an ONNX graph: features (with the mask appended when it enters there) → slot k's
   * logits {@code [B, n_k]} at index k.
   */
  public ONNXRef<?>[] toOnnxLogits(OnnxGraph g, ONNXRef<?> features, ONNXRef<?> mask) {
    ONNXRef<?> in = features;
    if (config.maskInput() == ModelConfig.MaskInput.FEATURES) {
      in = g.op(CONCAT, "features_mask", Map.of("axis", 1), features, mask);
    }
    return head.toOnnx(g, in);
  }

  /** Per-slot probabilities {@code [B, n_k]} (softmax of {@link #slotLogits}). */
  public NDList probabilities(NDList outputs) {
    NDList logits = slotLogits(outputs);
    NDList probs = new NDList(logits.size());
    for (NDArray l : logits) {
      probs.add(l.softmax(1));
    }
    return probs;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    encoder.initialize(manager, dataType, shapes);
    long batch = shapes[0].get(0);
    if (isFactored()) {
      head.initialize(
          manager,
          dataType,
          new Shape(batch, config.topChannels(), config.topHeight(), config.topWidth()));
      return;
    }
    int features =
        config.featureSize()
            + (config.maskInput() == ModelConfig.MaskInput.FEATURES ? schema.slotCount() : 0);
    head.initialize(manager, dataType, new Shape(batch, features));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    if (isFactored()) {
      return head.getOutputShapes(
          new Shape[] {
            new Shape(inputs[0].get(0), config.topChannels(), config.topHeight(), config.topWidth())
          });
    }
    int features =
        config.featureSize()
            + (config.maskInput() == ModelConfig.MaskInput.FEATURES ? schema.slotCount() : 0);
    return head.getOutputShapes(new Shape[] {new Shape(inputs[0].get(0), features)});
  }
}
