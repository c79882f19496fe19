package io.actionstream.trainer.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The ONNX operators the exporter uses, with their signatures as of opset {@value #OPSET}. Tribuo's
 * own {@code ONNXOperators} pin older versions of some operators (Unsqueeze with an {@code axes}
 * attribute, Softmax-1), so the export declares the ones it needs here, through Tribuo's {@link
 * ONNXOperator} interface, which checks input, output and attribute counts when a node is built.
 */
public enum OnnxOps implements ONNXOperator {
  /** Copies its input (names graph outputs). */
  IDENTITY("Identity", 1, 0, 1),
  /** 2-D convolution: X, W, optional B. */
  CONV(
      "Conv",
      2,
      1,
      1,
      ints("kernel_shape"),
      ints("pads"),
      ints("strides"),
      ints("dilations"),
      integer("group")),
  /** Element-wise logistic function. */
  SIGMOID("Sigmoid", 1, 0, 1),
  /** Element-wise hyperbolic tangent. */
  TANH("Tanh", 1, 0, 1),
  /** Element-wise max(0, x). */
  RELU("Relu", 1, 0, 1),
  /** Broadcasting addition. */
  ADD("Add", 2, 0, 1),
  /** Broadcasting multiplication. */
  MUL("Mul", 2, 0, 1),
  /** Concatenation along {@code axis}. */
  CONCAT("Concat", ONNXAttribute.VARIADIC_INPUT, 0, 1, mandatory(integer("axis"))),
  /** Split into four equal parts along {@code axis} (opset 13..17: no {@code num_outputs}). */
  SPLIT4("Split", 1, 1, 4, integer("axis")),
  /** Max pooling. */
  MAX_POOL("MaxPool", 1, 0, 1, mandatory(ints("kernel_shape")), ints("strides"), ints("pads")),
  /** Max over all spatial positions: {@code [N, C, H, W] → [N, C, 1, 1]}. */
  GLOBAL_MAX_POOL("GlobalMaxPool", 1, 0, 1),
  /** Element-wise maximum of its inputs. */
  MAX("Max", ONNXAttribute.VARIADIC_INPUT, 0, 1),
  /** Average pooling. */
  AVERAGE_POOL(
      "AveragePool",
      1,
      0,
      1,
      mandatory(ints("kernel_shape")),
      ints("strides"),
      ints("pads"),
      integer("count_include_pad")),
  /** Reshape to the shape given as an int64 tensor (-1 infers, 0 copies). */
  RESHAPE("Reshape", 2, 0, 1),
  /** Flatten to 2-D at {@code axis}. */
  FLATTEN("Flatten", 1, 0, 1, integer("axis")),
  /** {@code alpha·A·B + beta·C}, with optional transposes. */
  GEMM("Gemm", 2, 1, 1, integer("transA"), integer("transB"), real("alpha"), real("beta")),
  /** Softmax along {@code axis} (opset 13 semantics: one axis). */
  SOFTMAX("Softmax", 1, 0, 1, integer("axis")),
  /** Selects along {@code axis} with int64 indices. */
  GATHER("Gather", 2, 0, 1, integer("axis")),
  /** Slice: data, starts, ends, optional axes and steps. */
  SLICE("Slice", 3, 2, 1),
  /** Broadcasts to a shape given as an int64 tensor. */
  EXPAND("Expand", 2, 0, 1),
  /** Sum over the axes given as an optional int64 tensor (opset 13 semantics). */
  REDUCE_SUM("ReduceSum", 1, 1, 1, integer("keepdims"));

  /** The opset the graphs import (ONNX 1.12, IR version {@value #IR_VERSION}). */
  public static final int OPSET = 17;

  /** The IR version matching {@link #OPSET}. */
  public static final int IR_VERSION = 8;

  private final String opName;
  private final int inputs;
  private final int optionalInputs;
  private final int outputs;
  private final Map<String, ONNXAttribute> attributes;
  private final Set<String> mandatory;

  OnnxOps(String opName, int inputs, int optionalInputs, int outputs, ONNXAttribute... attrs) {
    this.opName = opName;
    this.inputs = inputs;
    this.optionalInputs = optionalInputs;
    this.outputs = outputs;
    Map<String, ONNXAttribute> map = new LinkedHashMap<>();
    for (ONNXAttribute a : attrs) {
      map.put(a.getName(), a);
    }
    this.attributes = Collections.unmodifiableMap(map);
    this.mandatory =
        map.values().stream()
            .filter(ONNXAttribute::isMandatory)
            .map(ONNXAttribute::getName)
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String getOpName() {
    return opName;
  }

  @Override
  public int getNumInputs() {
    return inputs;
  }

  @Override
  public int getNumOptionalInputs() {
    return optionalInputs;
  }

  @Override
  public int getNumOutputs() {
    return outputs;
  }

  @Override
  public Map<String, ONNXAttribute> getAttributes() {
    return attributes;
  }

  @Override
  public Set<String> getMandatoryAttributeNames() {
    return mandatory;
  }

  @Override
  public int getOpVersion() {
    return OPSET;
  }

  @Override
  public String getOpDomain() {
    return "";
  }

  private static ONNXAttribute ints(String name) {
    return new ONNXAttribute(name, AttributeType.INTS, false);
  }

  private static ONNXAttribute integer(String name) {
    return new ONNXAttribute(name, AttributeType.INT, false);
  }

  private static ONNXAttribute real(String name) {
    return new ONNXAttribute(name, AttributeType.FLOAT, false);
  }

  private static ONNXAttribute mandatory(ONNXAttribute a) {
    return new ONNXAttribute(a.getName(), a.getType(), true);
  }
}
