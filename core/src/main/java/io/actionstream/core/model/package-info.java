/**
 * Model packages: the {@link io.actionstream.core.model.ModelManifest} that trainer and service
 * share, and {@link io.actionstream.core.model.ModelPackage}, which opens a package directory and
 * verifies it. See {@code docs/model-package.md}.
 */
package io.actionstream.core.model;
