package io.actionstream.core.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A model package whose graph declares inputs, outputs and metadata but computes nothing: enough
 * for the package validator and the registry, which never run a graph. The fields say what it
 * declares; each test changes one of them. Shared with other modules through core's test jar.
 */
public final class HandMadePackage {
  /** The default schema's slots, T=4, 16×16 pixels. */
  public static final PropertySchema SCHEMA = PropertySchema.defaultSchema();

  public static final int T = 4;
  public static final int H = 16;
  public static final int W = 16;

  /** The clip input's element type. */
  public OnnxMl.TensorProto.DataType clipType = OnnxMl.TensorProto.DataType.FLOAT;

  /** A fixed batch size, or null for a dynamic batch axis. */
  public Long fixedBatch;

  /** Whether the graph has the logits outputs the manifest names. */
  public boolean logits = true;

  /** The graph's metadata entries. */
  public final Map<String, String> metadata = new LinkedHashMap<>();

  /** The manifest's version. */
  public String version = "1";

  /** Random bytes in the graph's doc string, to make the file this much larger. */
  public int paddingBytes;

  /** Writes model.onnx and its manifest into {@code dir}; returns {@code dir}. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    OnnxMl.GraphProto.Builder graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("hand-made")
            .addInput(tensor("clip", clipType, T, 3, H, W))
            .addInput(tensor("mask", OnnxMl.TensorProto.DataType.FLOAT, SCHEMA.slotCount()));
    for (Slot slot : SCHEMA.slots()) {
      graph.addOutput(
          tensor("prob_" + slot.name(), OnnxMl.TensorProto.DataType.FLOAT, slot.size()));
      if (logits) {
        graph.addOutput(
            tensor("logits_" + slot.name(), OnnxMl.TensorProto.DataType.FLOAT, slot.size()));
      }
    }
    if (paddingBytes > 0) {
      byte[] pad = new byte[paddingBytes];
      new Random(version.hashCode()).nextBytes(pad);
      graph.setDocStringBytes(ByteString.copyFrom(pad));
    }
    OnnxMl.ModelProto.Builder model =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(8)
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
            .setGraph(graph);
    metadata.forEach(
        (k, v) ->
            model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    Path file = dir.resolve("model.onnx");
    Files.write(file, model.build().toByteArray());
    ModelPackage.writeManifest(dir, manifest(ModelPackage.sha256(file)));
    return dir;
  }

  /** The manifest {@link #write} writes, for a model file with SHA-256 {@code sha}. */
  public ModelManifest manifest(String sha) {
    return new ModelManifest(
        ModelManifest.FORMAT_VERSION,
        "from-pytorch",
        version,
        "2026-12-04T10:00:00Z",
        ModelManifest.slotSpecs(SCHEMA),
        new ModelManifest.InputSpec("clip", "mask", T, 3, H, W, ModelManifest.Normalisation.unit()),
        SCHEMA.slotNames().stream()
            .map(s -> new ModelManifest.OutputSpec(s, "prob_" + s, "logits_" + s))
            .toList(),
        "model.onnx",
        sha,
        Map.of("framework", "pytorch"),
        Map.of("test.sentence_accuracy", 0.5),
        null);
  }

  private OnnxMl.ValueInfoProto tensor(
      String name, OnnxMl.TensorProto.DataType type, long... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    shape.addDim(
        fixedBatch == null
            ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
            : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(fixedBatch));
    for (long d : dims) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape)))
        .build();
  }
}
