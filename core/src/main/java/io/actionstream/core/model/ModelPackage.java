package io.actionstream.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model package on disk: a directory holding {@code manifest.json} and the ONNX file it names.
 * {@link #open(Path)} validates the manifest and the model file's checksum, so whatever holds a
 * {@code ModelPackage} can trust both.
 *
 * @param directory the package directory
 * @param manifest the validated manifest
 */
public record ModelPackage(Path directory, ModelManifest manifest) {
  /** The manifest's file name inside a package. */
  public static final String MANIFEST_FILE = "manifest.json";

  /** Unknown fields are ignored at every level, so later format additions stay readable. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Path of the ONNX model file. */
  public Path modelFile() {
    return directory.resolve(manifest.modelFile());
  }

  /**
   * Reads a manifest from {@code in} (e.g. a package bundled as resources), named {@code source} in
   * errors; no file is checked.
   *
   * @throws ModelPackageException {@code INVALID_MANIFEST} or {@code MISSING_FILE}
   */
  public static ModelManifest readManifest(InputStream in, String source) {
    try {
      return JSON.readValue(in, ModelManifest.class);
    } catch (JsonProcessingException e) {
      throw new ModelPackageException(
          ModelPackageException.Reason.INVALID_MANIFEST,
          source + " is not a valid manifest: " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Reason.MISSING_FILE, "cannot read " + source, e);
    }
  }

  /**
   * Opens and verifies a package.
   *
   * @throws ModelPackageException {@code MISSING_FILE}, {@code INVALID_MANIFEST} or {@code
   *     BAD_CHECKSUM}, naming the file
   */
  public static ModelPackage open(Path directory) {
    Path manifestPath = directory.resolve(MANIFEST_FILE);
    ModelManifest manifest;
    try (InputStream in = Files.newInputStream(manifestPath)) {
      manifest = readManifest(in, manifestPath.toString());
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Reason.MISSING_FILE, "cannot read " + manifestPath, e);
    }
    manifest.validate();
    Path model = directory.resolve(manifest.modelFile());
    String actual = sha256(model);
    if (!actual.equals(manifest.sha256())) {
      throw new ModelPackageException(
          ModelPackageException.Reason.BAD_CHECKSUM,
          model + " has SHA-256 " + actual + ", the manifest says " + manifest.sha256());
    }
    return new ModelPackage(directory, manifest);
  }

  /**
   * Writes {@code manifest} into {@code directory} (the model file must already be there).
   *
   * @throws IOException if the file cannot be written
   */
  public static Path writeManifest(Path directory, ModelManifest manifest) throws IOException {
    manifest.validate();
    Path path = directory.resolve(MANIFEST_FILE);
    JSON.writeValue(path.toFile(), manifest);
    return path;
  }

  /**
   * Hex SHA-256 of a file.
   *
   * @throws ModelPackageException {@code MISSING_FILE} if it cannot be read
   */
  public static String sha256(Path file) {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchFileException e) {
      throw new ModelPackageException(
          ModelPackageException.Reason.MISSING_FILE, "model file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Reason.MISSING_FILE, "cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
