/**
 * The service's side of the model registry: the {@link
 * io.actionstream.service.registry.ModelWatcher} that follows the registry's serving version and
 * hands each new one to the service's hot swap.
 */
package io.actionstream.service.registry;
