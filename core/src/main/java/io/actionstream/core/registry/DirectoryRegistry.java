package io.actionstream.core.registry;

import io.actionstream.core.registry.RegistryException.Reason;
import io.actionstream.core.util.FileTrees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry in a local directory, for one machine and for tests: {@code events.jsonl} (one
 * {@link RegistryEvent} per line, appended under a file lock) and {@code packages/<version>/} with
 * {@code packages/<version>.index.json}. Several processes may share the directory.
 */
public final class DirectoryRegistry extends EventSourcedRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryRegistry.class);

  /** The event log's file name. */
  public static final String EVENTS_FILE = "events.jsonl";

  private static final Duration POLL = Duration.ofMillis(100);

  private final Path root;
  private final Path events;
  private final Path packages;
  private long readUpTo;

  private DirectoryRegistry(Path root) {
    this.root = root;
    this.events = root.resolve(EVENTS_FILE);
    this.packages = root.resolve("packages");
  }

  /**
   * Opens the registry in {@code root}, creating it if needed.
   *
   * @throws RegistryException {@code STORE} if the directory cannot be created
   */
  public static DirectoryRegistry open(Path root) {
    try {
      Files.createDirectories(root.resolve("packages"));
    } catch (IOException e) {
      throw new RegistryException(Reason.STORE, "cannot create the registry " + root, e);
    }
    return new DirectoryRegistry(root);
  }

  @Override
  protected List<RegistryEvent> readEvents(Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      List<RegistryEvent> read = readNew();
      if (!read.isEmpty() || System.nanoTime() >= deadline) {
        return read;
      }
      try {
        Thread.sleep(
            Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return read;
      }
    }
  }

  private List<RegistryEvent> readNew() {
    List<RegistryEvent> out = new ArrayList<>();
    if (!Files.exists(events)) {
      return out;
    }
    try (FileChannel ch = FileChannel.open(events, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size <= readUpTo) {
        return out;
      }
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - readUpTo));
      while (buf.hasRemaining() && ch.read(buf, readUpTo + buf.position()) >= 0) {
        // read the whole tail
      }
      byte[] bytes = Arrays.copyOf(buf.array(), buf.position());
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          parse(Arrays.copyOfRange(bytes, start, i), readUpTo + start).ifPresent(out::add);
          start = i + 1;
        }
      }
      readUpTo += start; // a line still being written is read next time
    } catch (IOException e) {
      throw new RegistryException(Reason.STORE, "cannot read " + events, e);
    }
    return out;
  }

  private Optional<RegistryEvent> parse(byte[] line, long offset) {
    if (line.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(RegistryJson.event(line));
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping an unreadable event at byte {} of {}: {}", offset, events, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  protected void appendEvent(RegistryEvent event) {
    byte[] json = RegistryJson.write(event);
    ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
    try (FileChannel ch =
            FileChannel.open(
                events,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      // under the lock, the end of the file is where this event goes
      ch.position(ch.size());
      if (ch.size() > 0 && endsTorn(ch)) {
        // a writer died mid-line: end that line, so this event starts a line of its own
        ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
      while (line.hasRemaining()) {
        ch.write(line);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new RegistryException(Reason.STORE, "cannot append to " + events, e);
    }
  }

  private static boolean endsTorn(FileChannel ch) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    ch.read(last, ch.size() - 1);
    return last.get(0) != '\n';
  }

  @Override
  protected void storePackage(String version, Path directory) {
    PackageIndex index = PackageIndex.of(version, 0, directory);
    Path target = packages.resolve(version);
    Path part = packages.resolve("." + version + ".part-" + UUID.randomUUID());
    try {
      FileTrees.deleteTree(target);
      Files.createDirectories(part);
      for (PackageIndex.PackageFile f : index.files()) {
        Files.copy(directory.resolve(f.name()), part.resolve(f.name()));
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      Files.write(indexFile(version), RegistryJson.write(index));
    } catch (IOException e) {
      throw new RegistryException(Reason.STORE, "cannot store " + directory + " in " + root, e);
    }
  }

  @Override
  protected PackageIndex loadPackage(String version, Path target) {
    Path index = indexFile(version);
    if (!Files.exists(index)) {
      throw new RegistryException(
          Reason.CORRUPT_PACKAGE, "the package of version '" + version + "' is not in " + root);
    }
    try {
      PackageIndex stored = RegistryJson.index(Files.readAllBytes(index), version);
      for (PackageIndex.PackageFile f : stored.files()) {
        Files.copy(packages.resolve(version).resolve(f.name()), target.resolve(f.name()));
      }
      stored.verify(target);
      return stored;
    } catch (IOException e) {
      throw new RegistryException(
          Reason.CORRUPT_PACKAGE, "cannot read the package of '" + version + "': " + e, e);
    }
  }

  @Override
  protected void deletePackage(String version) {
    try {
      Files.deleteIfExists(indexFile(version));
      FileTrees.deleteTree(packages.resolve(version));
    } catch (IOException e) {
      throw new RegistryException(
          Reason.STORE, "cannot delete the package of '" + version + "' from " + root, e);
    }
  }

  private Path indexFile(String version) {
    return packages.resolve(version + ".index.json");
  }

  @Override
  public void close() {
    // nothing held open between calls
  }

  @Override
  public String toString() {
    return "directory registry " + root;
  }
}
