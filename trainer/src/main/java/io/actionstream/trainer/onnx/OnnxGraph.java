package io.actionstream.trainer.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A thin layer over Tribuo's {@link ONNXContext}: nodes from {@link OnnxOps}, initializers from DJL
 * parameters, graph inputs of any rank with a dynamic {@value #BATCH} axis, and the finished {@link
 * OnnxMl.ModelProto} with opset, IR version and metadata. One instance builds one graph.
 */
public final class OnnxGraph {
  /** Name of the dynamic batch dimension of every input and output. */
  public static final String BATCH = "batch";

  private final ONNXContext context = new ONNXContext();
  private final Map<String, long[]> inputShapes = new LinkedHashMap<>();
  private final Map<String, ONNXInitializer> intConstants = new HashMap<>();

  /** Starts an empty graph called {@code name}. */
  public OnnxGraph(String name) {
    context.setName(name);
  }

  /**
   * A float32 graph input {@code [batch, dims...]}. Tribuo only declares 2-D inputs; other ranks
   * are corrected in {@link #toModel}.
   */
  public ONNXPlaceholder input(String name, long... dims) {
    ONNXPlaceholder p = context.floatInput(name, (int) dims[0]);
    inputShapes.put(name, dims.clone());
    return p;
  }

  /** Names {@code value} as the float32 graph output {@code name} of shape {@code [batch, n]}. */
  public void output(ONNXRef<?> value, String name, int n) {
    context.assignTo(value, context.floatOutput(name, n));
  }

  /** One node with a single output. */
  public ONNXNode op(
      OnnxOps op, String name, Map<String, Object> attributes, ONNXRef<?>... inputs) {
    return context.operation(op, Arrays.asList(inputs), name, attributes);
  }

  /** One node with a single output and no attributes. */
  public ONNXNode op(OnnxOps op, String name, ONNXRef<?>... inputs) {
    return op(op, name, Map.of(), inputs);
  }

  /** One node with several outputs. */
  public List<ONNXNode> ops(
      OnnxOps op, List<String> names, Map<String, Object> attributes, ONNXRef<?>... inputs) {
    return context.operation(op, Arrays.asList(inputs), names, attributes);
  }

  /**
   * An int64 vector constant (shapes, axes, starts, ends); equal values share one initializer,
   * named after the first request.
   */
  public ONNXInitializer ints(String name, long... values) {
    return intConstants.computeIfAbsent(
        Arrays.toString(values), key -> context.array(name, values));
  }

  /** An int64 scalar constant (a Gather index that drops the axis). */
  public ONNXInitializer scalar(String name, long value) {
    return context.constant(name, value);
  }

  /** A float32 initializer holding {@code array}'s values in its shape. */
  public ONNXInitializer tensor(String name, NDArray array) {
    float[] values = array.toFloatArray();
    List<Integer> dims = new ArrayList<>();
    for (long d : array.getShape().getShape()) {
      dims.add(Math.toIntExact(d));
    }
    return context.floatTensor(name, dims, buffer -> buffer.put(values));
  }

  /**
   * The float32 initializer of {@code block}'s parameter {@code parameter} (e.g. {@code weight}).
   *
   * @throws IllegalStateException if the block has no such parameter or it is not initialised
   */
  public ONNXInitializer parameter(String name, Block block, String parameter) {
    Parameter p = block.getParameters().get(parameter);
    if (p == null || !p.isInitialized()) {
      throw new IllegalStateException(
          "block "
              + block.getClass().getSimpleName()
              + " has no initialised parameter '"
              + parameter
              + "' (has "
              + block.getParameters().keys()
              + ")");
    }
    return tensor(name, p.getArray());
  }

  /**
   * The finished model: this graph with corrected input shapes, opset {@value OnnxOps#OPSET}, IR
   * version {@value OnnxOps#IR_VERSION}, producer and metadata.
   */
  public OnnxMl.ModelProto toModel(
      String producerName, String producerVersion, String docString, Map<String, String> metadata) {
    OnnxMl.GraphProto.Builder graph = context.buildGraph().toBuilder();
    for (int i = 0; i < graph.getInputCount(); i++) {
      long[] dims = inputShapes.get(graph.getInput(i).getName());
      if (dims != null) {
        graph.setInput(i, valueInfo(graph.getInput(i).getName(), dims));
      }
    }
    OnnxMl.ModelProto.Builder model =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(OnnxOps.IR_VERSION)
            .addOpsetImport(
                OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxOps.OPSET))
            .setProducerName(producerName)
            .setProducerVersion(producerVersion)
            .setDocString(docString)
            .setModelVersion(1)
            .setGraph(graph);
    metadata.forEach(
        (k, v) ->
            model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  /** A float32 value {@code [batch, dims...]}. */
  public static OnnxMl.ValueInfoProto valueInfo(String name, long... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (long d : dims) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
