package io.actionstream.core.registry;

import io.actionstream.core.model.ModelPackage;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Versions of model packages, which one serves, and why: the contract of the registry that the
 * {@code actionstream model} commands, the retraining job and the service's model watcher share.
 *
 * <p>Every change is recorded as a {@link RegistryEvent} (who, when, why, the metrics it was judged
 * on); the state is what replaying them gives ({@link RegistryState}). Versions are immutable: a
 * version name is published once. Operations that change nothing are refused with a {@link
 * RegistryException} whose reason says why. Implementations are thread-safe.
 */
public interface ModelRegistry extends AutoCloseable {

  /**
   * Validates the package in {@code directory} ({@link
   * io.actionstream.core.model.ModelPackageValidator}) and stores it under its manifest's version.
   *
   * @return the new version, {@code AVAILABLE}
   * @throws io.actionstream.core.model.ModelPackageException if the package is not valid
   * @throws RegistryException {@code VERSION_EXISTS}, or {@code STORE}
   */
  ModelVersion publish(Path directory, Change change);

  /**
   * Makes {@code version} the serving one.
   *
   * @throws RegistryException {@code UNKNOWN_VERSION}, {@code RETIRED}, {@code SERVING} (it serves
   *     already), or {@code STORE}
   */
  ModelVersion promote(String version, Change change);

  /**
   * Serves again the version promoted before the serving one.
   *
   * @return the version that serves now
   * @throws RegistryException {@code NO_SERVING_VERSION} if nothing serves or nothing served
   *     before, or {@code STORE}
   */
  ModelVersion rollback(Change change);

  /**
   * Retires {@code version}: it can no longer be promoted or rolled back to, and its package is
   * deleted from the store.
   *
   * @throws RegistryException {@code UNKNOWN_VERSION}, {@code RETIRED}, {@code SERVING}, or {@code
   *     STORE}
   */
  ModelVersion retire(String version, Change change);

  /**
   * Records that a gate judged {@code version} not good enough to serve, with the figures and the
   * reasons in {@code change}. The version stays published (status {@code REJECTED}); a person may
   * still promote it.
   *
   * @throws RegistryException {@code UNKNOWN_VERSION}, {@code RETIRED}, {@code SERVING}, or {@code
   *     STORE}
   */
  ModelVersion reject(String version, Change change);

  /** The current state, after reading every change made so far. */
  RegistryState state();

  /**
   * Reads new changes, waiting up to {@code maxWait} for one when there is none, and returns the
   * state after them. The service's model watcher calls this in a loop.
   */
  RegistryState refresh(Duration maxWait);

  /**
   * Writes the package of {@code version} under {@code cacheDirectory/<version>} (reusing a copy
   * already there when it is intact), checks every file against its stored SHA-256 and validates
   * the package.
   *
   * @throws RegistryException {@code UNKNOWN_VERSION}, {@code RETIRED}, {@code CORRUPT_PACKAGE}, or
   *     {@code STORE}
   * @throws io.actionstream.core.model.ModelPackageException if the stored package is not valid
   */
  ModelPackage fetch(String version, Path cacheDirectory);

  /** Releases the store's clients or files. */
  @Override
  void close();
}
