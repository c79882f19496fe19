package io.actionstream.service.registry;

import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.registry.ModelRegistry;
import io.actionstream.core.registry.RegistryException;
import io.actionstream.core.registry.RegistryState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the registry's serving version on a thread of its own and swaps the service to each new
 * one: fetch (every file checked against its SHA-256), then {@link ModelSwapTarget#swapModel}
 * (validate, probe, warm up, swap). A version that is refused is not tried again until the registry
 * serves another; a store that cannot be read is retried on the next poll. Every service instance
 * runs its own watcher on the same event log, so all instances converge on the serving version.
 */
public final class ModelWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);

  private final ModelRegistry registry;
  private final Path cacheDirectory;
  private final Duration poll;
  private final ModelSwapTarget target;
  private final Thread thread;
  private volatile boolean closed;
  private volatile String attempted;
  private volatile String registryServing;
  private volatile Throwable died;

  private ModelWatcher(
      ModelRegistry registry,
      Path cacheDirectory,
      Duration poll,
      String serving,
      ModelSwapTarget target) {
    this.registry = registry;
    this.cacheDirectory = cacheDirectory;
    this.poll = poll;
    this.target = target;
    this.attempted = serving;
    this.registryServing = serving;
    this.thread = new Thread(this::run, "actionstream-model-watcher");
    thread.setDaemon(true);
  }

  /**
   * Starts following {@code registry}.
   *
   * @param serving the version already serving (it is not swapped to again)
   */
  public static ModelWatcher start(
      ModelRegistry registry,
      Path cacheDirectory,
      Duration poll,
      String serving,
      ModelSwapTarget target) {
    ModelWatcher w = new ModelWatcher(registry, cacheDirectory, poll, serving, target);
    w.thread.start();
    return w;
  }

  /** The version the registry serves, as last read; empty if none is promoted. */
  public Optional<String> registryServing() {
    return Optional.ofNullable(registryServing);
  }

  /** Whether the watcher runs (or was closed); false once an unexpected error stopped it. */
  public boolean alive() {
    return died == null;
  }

  /** The error that stopped the watcher, if one did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(died);
  }

  private void run() {
    try {
      follow();
    } catch (Throwable t) {
      died = t;
      LOG.error("the model watcher stopped; the service no longer follows the registry", t);
    }
  }

  private void follow() {
    while (!closed) {
      RegistryState state;
      try {
        state = registry.refresh(poll);
      } catch (RuntimeException e) {
        LOG.warn(
            "cannot read the model registry, retrying in {} ms: {}", poll.toMillis(), e.toString());
        pause();
        continue;
      }
      String want = state.serving().orElse(null);
      registryServing = want;
      if (want == null || want.equals(attempted) || closed) {
        continue;
      }
      if (want.equals(target.modelVersion())) {
        attempted = want; // a rollback to the version that still serves: nothing to load
        continue;
      }
      swapTo(want);
    }
  }

  private void swapTo(String version) {
    ModelPackage pkg;
    try {
      pkg = registry.fetch(version, cacheDirectory);
    } catch (RegistryException e) {
      if (e.reason() == RegistryException.Reason.STORE) {
        LOG.warn("cannot fetch {} yet, retrying: {}", version, e.getMessage());
        pause();
        return;
      }
      attempted = version;
      target.modelRefused(version, e);
      return;
    } catch (RuntimeException e) {
      attempted = version;
      target.modelRefused(version, e);
      return;
    }
    attempted = version;
    try {
      target.swapModel(pkg.directory());
    } catch (RuntimeException refused) {
      // swapModel logged and counted the refusal; the old model keeps serving
    }
  }

  private void pause() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Stops following; waits up to {@code timeout} for a swap in progress to finish. */
  public void close(Duration timeout) {
    closed = true;
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("the model watcher did not stop within {} ms", timeout.toMillis());
    }
  }

  @Override
  public void close() {
    close(poll.multipliedBy(2).plusSeconds(30));
  }
}
