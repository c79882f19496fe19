package io.actionstream.cli.demo;

import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The small model bundled in this jar for the demo ({@code demo-small-3}: T=8 frames of 32x32,
 * trained with masking on synthetic clips; see the README beside it in the resources). {@code
 * ModelPackage.open} reads a directory, so the package is copied out of the jar first.
 */
public final class DemoModel {
  /** The bundled model's version (the manifest's {@code version}). */
  public static final String VERSION = "demo-small-3";

  private static final String RESOURCE_DIR = "/io/actionstream/cli/models/" + VERSION + "/";
  private static final List<String> FILES = List.of("manifest.json", "model.onnx");

  private static volatile ModelManifest.InputSpec input;

  private DemoModel() {}

  /** The bundled model's input (T, H, W and normalisation), read from its manifest in the jar. */
  public static ModelManifest.InputSpec input() {
    ModelManifest.InputSpec in = input;
    if (in == null) {
      String manifest = RESOURCE_DIR + ModelPackage.MANIFEST_FILE;
      try (InputStream stream = DemoModel.class.getResourceAsStream(manifest)) {
        if (stream == null) {
          throw new IllegalStateException("the bundled model lacks " + manifest);
        }
        in = ModelPackage.readManifest(stream, manifest).input();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + manifest, e);
      }
      input = in;
    }
    return in;
  }

  /**
   * Copies the package into {@code parent/<VERSION>} and returns that directory.
   *
   * @throws UncheckedIOException if a file cannot be written
   * @throws IllegalStateException if the jar lacks the model (a broken build)
   */
  public static Path extract(Path parent) {
    Path dir = parent.resolve(VERSION);
    try {
      Files.createDirectories(dir);
      for (String name : FILES) {
        try (InputStream in = DemoModel.class.getResourceAsStream(RESOURCE_DIR + name)) {
          if (in == null) {
            throw new IllegalStateException("the bundled model lacks " + RESOURCE_DIR + name);
          }
          Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the bundled model to " + dir, e);
    }
    return dir;
  }
}
