package io.actionstream.trainer.export;

import ai.onnx.proto.OnnxMl;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.model.ModelPackageException.Reason;
import io.actionstream.core.schema.PropertySchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a model package's ONNX graph is what its manifest says, by reading the graph's
 * declared inputs, outputs and metadata (no runtime needed, so the trainer need not ship one):
 *
 * <ul>
 *   <li>the checksum and manifest fields ({@link ModelPackage#open}: {@code MISSING_FILE}, {@code
 *       INVALID_MANIFEST}, {@code BAD_CHECKSUM});
 *   <li>every tensor the manifest names is a graph input or output ({@code MISSING_TENSOR});
 *   <li>the clip input is float32 {@code [batch, T, 3, H, W]} with the manifest's T, H, W and the
 *       mask input {@code [batch, K]} ({@code SHAPE_MISMATCH});
 *   <li>each slot's outputs have as many columns as the slot has words, and the graph's {@code
 *       actionstream.schema} fingerprint, if present, is the manifest's ({@code SCHEMA_MISMATCH});
 *   <li>optional part graphs listed in the model's metadata exist with the SHA-256 it records.
 * </ul>
 */
public final class OnnxModelVerifier {
  private OnnxModelVerifier() {}

  /**
   * Opens {@code directory} as a package and verifies its graph against its manifest.
   *
   * @throws ModelPackageException naming the first failed check
   */
  public static ModelPackage verify(Path directory) {
    ModelPackage pkg = ModelPackage.open(directory);
    verify(pkg);
    return pkg;
  }

  /**
   * Like {@link #verify(Path)}, and also requires the schema and input size a consumer expects.
   *
   * @throws ModelPackageException {@code SCHEMA_MISMATCH} or {@code SHAPE_MISMATCH} if the model
   *     does not fit, or as {@link #verify(Path)}
   */
  public static ModelPackage verify(
      Path directory, PropertySchema expected, int frames, int height, int width) {
    ModelPackage pkg = verify(directory);
    pkg.manifest().requireCompatible(expected, frames, height, width);
    return pkg;
  }

  /** Verifies an opened package's graph against its manifest. */
  public static void verify(ModelPackage pkg) {
    ModelManifest m = pkg.manifest();
    OnnxMl.ModelProto model = read(pkg.modelFile());
    OnnxMl.GraphProto graph = model.getGraph();
    Map<String, OnnxMl.ValueInfoProto> inputs = byName(graph.getInputList());
    Map<String, OnnxMl.ValueInfoProto> outputs = byName(graph.getOutputList());
    PropertySchema schema = m.propertySchema();

    OnnxMl.ValueInfoProto clip = require(inputs, m.input().clipName(), "input", pkg);
    OnnxMl.ValueInfoProto mask = require(inputs, m.input().maskName(), "input", pkg);
    requireShape(
        clip,
        new long[] {
          m.input().frames(), m.input().channels(), m.input().height(), m.input().width()
        },
        Reason.SHAPE_MISMATCH);
    requireShape(mask, new long[] {schema.slotCount()}, Reason.SHAPE_MISMATCH);
    for (int i = 0; i < m.outputs().size(); i++) {
      ModelManifest.OutputSpec o = m.outputs().get(i);
      long words = schema.slot(i).size();
      requireShape(
          require(outputs, o.probabilities(), "output", pkg),
          new long[] {words},
          Reason.SCHEMA_MISMATCH);
      if (o.logits() != null) {
        requireShape(
            require(outputs, o.logits(), "output", pkg),
            new long[] {words},
            Reason.SCHEMA_MISMATCH);
      }
    }
    Map<String, String> metadata = new HashMap<>();
    for (OnnxMl.StringStringEntryProto e : model.getMetadataPropsList()) {
      metadata.put(e.getKey(), e.getValue());
    }
    String fingerprint = metadata.get("actionstream.schema");
    if (fingerprint != null && !fingerprint.equals(schema.fingerprint())) {
      throw new ModelPackageException(
          Reason.SCHEMA_MISMATCH,
          pkg.modelFile()
              + " was exported for schema "
              + fingerprint
              + ", the manifest describes "
              + schema.fingerprint());
    }
    String parts = metadata.get(ModelPackageExporter.PARTS_KEY);
    if (parts != null && !parts.isBlank()) {
      for (String part : parts.split(",")) {
        String expected = metadata.get(ModelPackageExporter.PART_SHA_PREFIX + part);
        String actual = ModelPackage.sha256(pkg.directory().resolve(part));
        if (!actual.equals(expected)) {
          throw new ModelPackageException(
              Reason.BAD_CHECKSUM,
              pkg.directory().resolve(part)
                  + " has SHA-256 "
                  + actual
                  + ", "
                  + pkg.modelFile().getFileName()
                  + " records "
                  + expected);
        }
      }
    }
  }

  /**
   * Parses an ONNX file's protobuf.
   *
   * @throws ModelPackageException {@code MISSING_FILE} if it is unreadable or not an ONNX model
   */
  public static OnnxMl.ModelProto read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(in);
      if (!model.hasGraph()) {
        throw new ModelPackageException(Reason.MISSING_FILE, file + " holds no ONNX graph");
      }
      return model;
    } catch (IOException e) {
      throw new ModelPackageException(
          Reason.MISSING_FILE, file + " is not a readable ONNX model: " + e.getMessage(), e);
    }
  }

  private static Map<String, OnnxMl.ValueInfoProto> byName(List<OnnxMl.ValueInfoProto> values) {
    Map<String, OnnxMl.ValueInfoProto> map = new HashMap<>();
    for (OnnxMl.ValueInfoProto v : values) {
      map.put(v.getName(), v);
    }
    return map;
  }

  private static OnnxMl.ValueInfoProto require(
      Map<String, OnnxMl.ValueInfoProto> values, String name, String kind, ModelPackage pkg) {
    OnnxMl.ValueInfoProto v = values.get(name);
    if (v == null) {
      throw new ModelPackageException(
          Reason.MISSING_TENSOR,
          "the manifest names the "
              + kind
              + " '"
              + name
              + "' but "
              + pkg.modelFile()
              + " has "
              + kind
              + "s "
              + values.keySet());
    }
    return v;
  }

  /**
   * Requires a float32 tensor of rank {@code 1 + dims.length} whose dimensions after the first (the
   * batch axis, which may be dynamic) equal {@code dims}; a dimension without a fixed value (a
   * named or unknown one) is accepted.
   */
  private static void requireShape(OnnxMl.ValueInfoProto v, long[] dims, Reason reason) {
    OnnxMl.TypeProto type = v.getType();
    if (!type.hasTensorType()
        || type.getTensorType().getElemType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
      throw new ModelPackageException(reason, "'" + v.getName() + "' is not a float32 tensor");
    }
    if (!type.getTensorType().hasShape()) {
      return; // no declared shape: nothing to compare before running
    }
    List<OnnxMl.TensorShapeProto.Dimension> actual = type.getTensorType().getShape().getDimList();
    if (actual.size() != dims.length + 1) {
      throw new ModelPackageException(
          reason,
          "'"
              + v.getName()
              + "' has rank "
              + actual.size()
              + ", expected "
              + (dims.length + 1)
              + " ([batch, ...])");
    }
    for (int i = 0; i < dims.length; i++) {
      OnnxMl.TensorShapeProto.Dimension d = actual.get(i + 1);
      if (d.hasDimValue() && d.getDimValue() != dims[i]) {
        throw new ModelPackageException(
            reason,
            "'"
                + v.getName()
                + "' dimension "
                + (i + 1)
                + " is "
                + d.getDimValue()
                + ", the manifest implies "
                + dims[i]);
      }
    }
  }
}
