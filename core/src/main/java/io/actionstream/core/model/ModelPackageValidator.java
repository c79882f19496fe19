package io.actionstream.core.model;

import ai.onnx.proto.OnnxMl;
import io.actionstream.core.model.ModelPackageException.Reason;
import io.actionstream.core.schema.PropertySchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one check of a model package, used by everyone who reads one: the trainer's export, the
 * service at start-up, and {@code actionstream model validate}. It reads the graph's declared
 * inputs, outputs and metadata from its protobuf (no runtime needed) and refuses, with a {@link
 * ModelPackageException} whose {@link Reason} is documented in docs/model-package.md:
 *
 * <ul>
 *   <li>a missing or unreadable file, a file that is not an ONNX model ({@code MISSING_FILE}); a
 *       manifest that is not valid ({@code INVALID_MANIFEST}); a checksum that differs ({@code
 *       BAD_CHECKSUM}), also of the part graphs the model's metadata lists;
 *   <li>a tensor the manifest names that the graph lacks ({@code MISSING_TENSOR});
 *   <li>a clip input that is not float32 {@code [batch, T, 3, H, W]} with the manifest's T, H, W, a
 *       mask that is not float32 {@code [batch, K]}, a batch axis fixed to a number instead of
 *       dynamic, or an {@code actionstream.input} metadata entry that contradicts the manifest
 *       ({@code SHAPE_MISMATCH});
 *   <li>an output that is not float32 {@code [batch, words]} for its slot, or an {@code
 *       actionstream.schema} metadata entry that contradicts the manifest ({@code
 *       SCHEMA_MISMATCH}).
 * </ul>
 */
public final class ModelPackageValidator {
  /** Metadata key listing the optional part graphs, comma-separated. */
  public static final String PARTS_KEY = "actionstream.parts";

  /** Metadata key prefix of a part's SHA-256 ({@code actionstream.sha256.encoder.onnx}). */
  public static final String PART_SHA_PREFIX = "actionstream.sha256.";

  /** Metadata key of the schema fingerprint ({@link PropertySchema#fingerprint()}). */
  public static final String SCHEMA_KEY = "actionstream.schema";

  /** Metadata key of the input size, {@code T=16,C=3,H=64,W=64}. */
  public static final String INPUT_KEY = "actionstream.input";

  private ModelPackageValidator() {}

  /**
   * Opens {@code directory} as a package and verifies its graph against its manifest.
   *
   * @throws ModelPackageException naming the first failed check
   */
  public static ModelPackage validate(Path directory) {
    ModelPackage pkg = ModelPackage.open(directory);
    validate(pkg);
    return pkg;
  }

  /**
   * Like {@link #validate(Path)}, and also requires the schema and input size a consumer expects.
   *
   * @throws ModelPackageException {@code SCHEMA_MISMATCH} or {@code SHAPE_MISMATCH} if the model
   *     does not fit, or as {@link #validate(Path)}
   */
  public static ModelPackage validate(
      Path directory, PropertySchema expected, int frames, int height, int width) {
    ModelPackage pkg = validate(directory);
    pkg.manifest().requireCompatible(expected, frames, height, width);
    return pkg;
  }

  /**
   * Validates an opened package's graph against its manifest.
   *
   * @throws ModelPackageException naming the first failed check
   */
  public static void validate(ModelPackage pkg) {
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
    String fingerprint = metadata.get(SCHEMA_KEY);
    if (fingerprint != null && !fingerprint.equals(schema.fingerprint())) {
      throw new ModelPackageException(
          Reason.SCHEMA_MISMATCH,
          pkg.modelFile()
              + " was exported for schema "
              + fingerprint
              + ", the manifest describes "
              + schema.fingerprint());
    }
    String size = metadata.get(INPUT_KEY);
    String expectedSize = m.toMetadataProps().get(INPUT_KEY);
    if (size != null && !size.equals(expectedSize)) {
      throw new ModelPackageException(
          Reason.SHAPE_MISMATCH,
          pkg.modelFile()
              + " was exported for input "
              + size
              + ", the manifest describes "
              + expectedSize);
    }
    String parts = metadata.get(PARTS_KEY);
    if (parts != null && !parts.isBlank()) {
      for (String part : parts.split(",")) {
        String expected = metadata.get(PART_SHA_PREFIX + part);
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
    if (!type.hasTensorType()) {
      throw new ModelPackageException(
          reason, "'" + v.getName() + "' is not a tensor; the contract needs float32");
    }
    int elem = type.getTensorType().getElemType();
    if (elem != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
      OnnxMl.TensorProto.DataType named = OnnxMl.TensorProto.DataType.forNumber(elem);
      throw new ModelPackageException(
          reason,
          "'"
              + v.getName()
              + "' is a "
              + (named == null ? "type " + elem : named.name().toLowerCase(Locale.ROOT))
              + " tensor; the contract needs float32");
    }
    if (!type.getTensorType().hasShape()) {
      return; // no declared shape: nothing to compare before running
    }
    List<OnnxMl.TensorShapeProto.Dimension> actual = type.getTensorType().getShape().getDimList();
    if (!actual.isEmpty() && actual.get(0).hasDimValue()) {
      throw new ModelPackageException(
          Reason.SHAPE_MISMATCH,
          "'"
              + v.getName()
              + "' has a fixed batch of "
              + actual.get(0).getDimValue()
              + "; the contract needs a dynamic batch axis (a named dimension, e.g."
              + " torch.onnx.export(..., dynamic_axes={'"
              + v.getName()
              + "': {0: 'batch'}}))");
    }
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
