/**
 * The model registry: which model versions exist, which one serves, and every change with who made
 * it, when, why and the metrics it was judged on ({@link
 * io.actionstream.core.registry.ModelRegistry}). Two stores share one event-sourced implementation
 * ({@link io.actionstream.core.registry.EventSourcedRegistry}): Kafka topics for production ({@link
 * io.actionstream.core.registry.KafkaRegistry}) and a directory for local use ({@link
 * io.actionstream.core.registry.DirectoryRegistry}). The formats are in docs/model-registry.md.
 */
package io.actionstream.core.registry;
