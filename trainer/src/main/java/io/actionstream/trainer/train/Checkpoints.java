package io.actionstream.trainer.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Saves and loads block parameters in DJL's parameter format. Writes go to a temporary file that is
 * then moved into place, so a crash never leaves a half-written checkpoint under the final name.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** Writes {@code block}'s parameters to {@code file} atomically. */
  public static void saveParameters(Block block, Path file) throws IOException {
    write(file, block::saveParameters);
  }

  /**
   * Loads parameters like {@link #loadParameters}, reporting a mismatch as an {@link IOException}
   * that names the file.
   */
  public static void loadOrFail(Block block, NDManager manager, Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException("weights file " + file + " does not exist");
    }
    try {
      loadParameters(block, manager, file);
    } catch (MalformedModelException e) {
      throw new IOException(
          file + " does not fit this model (different sizes?): " + e.getMessage(), e);
    }
  }

  /** Writes {@code file} atomically: to a temporary file first, then moved into place. */
  public static void write(Path file, Writer writer) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      writer.write(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Copies {@code source} to {@code target} atomically (temporary file, then a move). */
  public static void copy(Path source, Path target) throws IOException {
    write(target, out -> Files.copy(source, out));
  }

  /** Reads {@code file} with {@code reader}. */
  public static void read(Path file, Reader reader) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      reader.read(in);
    }
  }

  /** Writes a checkpoint's content. */
  @FunctionalInterface
  public interface Writer {
    /** Writes to {@code out}. */
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads a checkpoint's content. */
  @FunctionalInterface
  public interface Reader {
    /** Reads from {@code in}. */
    void read(DataInputStream in) throws IOException;
  }

  /**
   * Loads parameters written by {@link #saveParameters} into an initialised {@code block}.
   *
   * @throws MalformedModelException if the file does not match the block's structure
   */
  public static void loadParameters(Block block, NDManager manager, Path file)
      throws IOException, MalformedModelException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      block.loadParameters(manager, in);
    }
  }
}
