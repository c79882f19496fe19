package io.actionstream.core.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.registry.RegistryException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of one stored package with their sizes and SHA-256s: written beside the package by
 * every store and checked on every read, so that a package is never served from damaged bytes.
 *
 * @param version the package's version
 * @param chunkBytes the size of the chunks each file is cut into (Kafka store), 0 when unchunked
 * @param files the package's regular files
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PackageIndex(String version, int chunkBytes, List<PackageFile> files) {

  /**
   * One file of a package.
   *
   * @param name file name inside the package directory
   * @param size bytes
   * @param sha256 hex SHA-256 of its bytes
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PackageFile(String name, long size, String sha256) {
    public PackageFile {
      if (name == null
          || name.isEmpty()
          || name.equals(".")
          || name.equals("..")
          || name.contains("/")
          || name.contains("\\")
          || size < 0) {
        throw new IllegalArgumentException(
            "not a package file: '" + name + "', " + size + " bytes");
      }
    }

    /**
     * The number of chunks of {@code chunkBytes} (positive) this file is cut into (at least one).
     */
    public int chunks(int chunkBytes) {
      if (chunkBytes < 1) {
        throw new IllegalArgumentException(
            "a chunked file needs chunkBytes >= 1, not " + chunkBytes);
      }
      return (int) Math.max(1, (size + chunkBytes - 1) / chunkBytes);
    }
  }

  public PackageIndex {
    files = List.copyOf(files);
    if (chunkBytes < 0) {
      throw new IllegalArgumentException("chunkBytes " + chunkBytes + " < 0");
    }
  }

  /** The index of every regular file directly inside {@code directory}. */
  public static PackageIndex of(String version, int chunkBytes, Path directory) {
    List<PackageFile> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path p : entries.sorted().toList()) {
        if (Files.isRegularFile(p)) {
          files.add(
              new PackageFile(p.getFileName().toString(), Files.size(p), ModelPackage.sha256(p)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    return new PackageIndex(version, chunkBytes, files);
  }

  /**
   * Checks that {@code directory} holds every file of this index with its size and SHA-256.
   *
   * @throws RegistryException {@code CORRUPT_PACKAGE} naming the first file that differs
   */
  public void verify(Path directory) {
    for (PackageFile f : files) {
      Path p = directory.resolve(f.name());
      try {
        if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
          throw corrupt(f.name() + " is missing or not " + f.size() + " bytes");
        }
      } catch (IOException e) {
        throw corrupt("cannot read " + f.name() + ": " + e.getMessage());
      }
      String actual = ModelPackage.sha256(p);
      if (!actual.equals(f.sha256())) {
        throw corrupt(f.name() + " has SHA-256 " + actual + ", stored as " + f.sha256());
      }
    }
  }

  private RegistryException corrupt(String what) {
    return new RegistryException(
        Reason.CORRUPT_PACKAGE, "stored package of version '" + version + "': " + what);
  }
}
