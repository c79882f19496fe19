package io.actionstream.core.registry;

import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.model.ModelPackageValidator;
import io.actionstream.core.registry.ModelVersion.Status;
import io.actionstream.core.registry.RegistryEvent.Type;
import io.actionstream.core.registry.RegistryException.Reason;
import io.actionstream.core.util.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The registry's operations written once over an append-only event log and a package store; the
 * stores ({@link KafkaRegistry}, {@link DirectoryRegistry}) only move bytes. Each operation reads
 * the log to its end, checks the operation against that state, stores what it must and appends its
 * event: the event is the commit point, so a package stored by a publish that failed before its
 * event is invisible (and overwritten by the retry).
 */
public abstract class EventSourcedRegistry implements ModelRegistry {
  /** Guards reading and applying events, so that they are applied in log order. */
  private final Object readLock = new Object();

  private final List<RegistryEvent> applied = new ArrayList<>();
  private final RegistryState state = new RegistryState();

  /** The lock under which {@link #readEvents} runs; a store's close takes it to stop reading. */
  protected final Object readLock() {
    return readLock;
  }

  /** Reads the events appended since the last call, waiting up to {@code maxWait} for one. */
  protected abstract List<RegistryEvent> readEvents(Duration maxWait);

  /** Appends {@code event} durably. */
  protected abstract void appendEvent(RegistryEvent event);

  /**
   * Stores every regular file of {@code directory} under {@code version}, with their {@link
   * PackageIndex}.
   */
  protected abstract void storePackage(String version, Path directory);

  /**
   * Writes the stored files of {@code version} into the empty {@code target} directory and checks
   * them against the stored index ({@link PackageIndex#verify}).
   *
   * @return the stored index
   */
  protected abstract PackageIndex loadPackage(String version, Path target);

  /** Deletes the stored package of {@code version}. */
  protected abstract void deletePackage(String version);

  @Override
  public synchronized ModelVersion publish(Path directory, Change change) {
    ModelPackage pkg = ModelPackageValidator.validate(directory);
    ModelManifest m = pkg.manifest();
    String version = m.version();
    if (!RegistryEvent.isVersionName(version)) {
      throw new ModelPackageException(
          ModelPackageException.Reason.INVALID_MANIFEST,
          "version '"
              + version
              + "' cannot be published: a registry version is 1-200 letters, digits and ._+:=-,"
              + " starting with a letter or digit");
    }
    if (refresh(Duration.ZERO).version(version).isPresent()) {
      throw new RegistryException(
          Reason.VERSION_EXISTS,
          "version '" + version + "' was published already; versions are immutable");
    }
    storePackage(version, directory);
    RegistryEvent e =
        event(
            Type.PUBLISHED,
            version,
            m.name(),
            m.sha256(),
            null,
            change,
            merge(m.metrics(), change));
    return commit(e);
  }

  @Override
  public synchronized ModelVersion promote(String version, Change change) {
    RegistryState now = refresh(Duration.ZERO);
    ModelVersion v = now.require(version);
    requireNot(v, Status.RETIRED, "retired versions cannot be promoted");
    requireNot(v, Status.SERVING, "it serves already");
    return commit(
        event(
            Type.PROMOTED,
            version,
            null,
            null,
            now.serving().orElse(null),
            change,
            merge(v.metrics(), change)));
  }

  @Override
  public synchronized ModelVersion rollback(Change change) {
    RegistryState now = refresh(Duration.ZERO);
    String serving =
        now.serving()
            .orElseThrow(
                () -> new RegistryException(Reason.NO_SERVING_VERSION, "no version serves yet"));
    String target =
        now.rollbackTarget()
            .orElseThrow(
                () ->
                    new RegistryException(
                        Reason.NO_SERVING_VERSION,
                        "no version served before '" + serving + "' (or it was retired)"));
    ModelVersion v = now.require(target);
    return commit(
        event(Type.ROLLED_BACK, target, null, null, serving, change, merge(v.metrics(), change)));
  }

  @Override
  public synchronized ModelVersion retire(String version, Change change) {
    ModelVersion v = refresh(Duration.ZERO).require(version);
    requireNot(v, Status.RETIRED, "it is retired already");
    requireNot(v, Status.SERVING, "promote or roll back to another version first");
    ModelVersion retired =
        commit(event(Type.RETIRED, version, null, null, null, change, merge(v.metrics(), change)));
    deletePackage(version);
    return retired;
  }

  @Override
  public synchronized ModelVersion reject(String version, Change change) {
    ModelVersion v = refresh(Duration.ZERO).require(version);
    requireNot(v, Status.RETIRED, "retired versions are not judged");
    requireNot(v, Status.SERVING, "roll back first");
    return commit(
        event(Type.REJECTED, version, null, null, null, change, merge(v.metrics(), change)));
  }

  @Override
  public RegistryState state() {
    return refresh(Duration.ZERO);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reading and applying happen under one lock, so that events apply in log order; the
   * operations that write take the registry's own lock first, then this one.
   */
  @Override
  public RegistryState refresh(Duration maxWait) {
    synchronized (readLock) {
      for (RegistryEvent e : readEvents(maxWait)) {
        if (state.apply(e)) {
          applied.add(e);
        }
      }
      return RegistryState.replay(applied);
    }
  }

  @Override
  public ModelPackage fetch(String version, Path cacheDirectory) {
    ModelVersion v = state().require(version);
    requireNot(v, Status.RETIRED, "its package was deleted");
    Path cache = cacheDirectory.toAbsolutePath().normalize();
    Path dir = cache.resolve(version).normalize();
    Path index = cache.resolve("." + version + ".index.json");
    if (!cache.equals(dir.getParent())) {
      throw new RegistryException(
          Reason.CORRUPT_PACKAGE, "version '" + version + "' is not a directory name");
    }
    try {
      Files.createDirectories(cache);
      if (Files.isDirectory(dir) && Files.isRegularFile(index)) {
        try {
          RegistryJson.index(Files.readAllBytes(index), version).verify(dir);
          return requireChecksum(ModelPackageValidator.validate(dir), v);
        } catch (RuntimeException stale) {
          // a damaged or foreign copy: fetched again below
        }
      }
      FileTrees.deleteTree(dir);
      Files.deleteIfExists(index);
      Path part = Files.createTempDirectory(cache, "." + version + ".part-");
      try {
        PackageIndex stored = loadPackage(version, part);
        Files.move(part, dir, StandardCopyOption.ATOMIC_MOVE);
        Files.write(index, RegistryJson.write(stored));
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
        // another fetch of the same version finished first: its copy is validated below
      } finally {
        FileTrees.deleteTree(part);
      }
    } catch (IOException e) {
      throw new RegistryException(
          Reason.STORE,
          "cannot write the package of '" + version + "' into " + cache + ": " + e,
          e);
    }
    return requireChecksum(ModelPackageValidator.validate(dir), v);
  }

  private static ModelPackage requireChecksum(ModelPackage pkg, ModelVersion v) {
    if (!pkg.manifest().sha256().equals(v.sha256())
        || !pkg.manifest().version().equals(v.version())) {
      throw new RegistryException(
          Reason.CORRUPT_PACKAGE,
          "the package fetched for '"
              + v.version()
              + "' is version '"
              + pkg.manifest().version()
              + "' with model SHA-256 "
              + pkg.manifest().sha256()
              + ", published as "
              + v.sha256());
    }
    return pkg;
  }

  private ModelVersion commit(RegistryEvent e) {
    appendEvent(e);
    RegistryState after = refresh(Duration.ZERO);
    if (applied.stream().noneMatch(a -> a.id().equals(e.id()))) {
      throw new RegistryException(
          Reason.CONFLICT,
          "a concurrent change came first and made this "
              + e.type()
              + " of '"
              + e.version()
              + "' void; check actionstream model list and try again");
    }
    return after.require(e.version());
  }

  private static void requireNot(ModelVersion v, Status status, String why) {
    if (v.status() == status) {
      throw new RegistryException(
          status == Status.RETIRED ? Reason.RETIRED : Reason.SERVING,
          "version '" + v.version() + "' is " + status.name().toLowerCase() + ": " + why);
    }
  }

  private static RegistryEvent event(
      Type type,
      String version,
      String name,
      String sha256,
      String previous,
      Change change,
      Map<String, Double> metrics) {
    return new RegistryEvent(
        UUID.randomUUID().toString(),
        type,
        version,
        name,
        sha256,
        previous,
        Instant.now().toString(),
        change.actor(),
        change.reason(),
        metrics);
  }

  private static Map<String, Double> merge(Map<String, Double> base, Change change) {
    Map<String, Double> all = new LinkedHashMap<>();
    if (base != null) {
      all.putAll(base);
    }
    all.putAll(change.metrics());
    return all;
  }
}
