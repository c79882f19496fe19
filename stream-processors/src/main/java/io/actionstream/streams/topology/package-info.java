/**
 * The topology: {@link io.actionstream.streams.topology.ActionStreamTopology#build} wires the
 * processors, stores and typed {@link io.actionstream.streams.topology.Topics}. With micro-batching
 * or pipelining ({@code inference.max.batch.size} above 1 or {@code
 * inference.max.in.flight.batches} above 0, the default) the topology must run with the client
 * supplier of the {@link io.actionstream.streams.inference.InferenceBatching} it was built with:
 * {@code new KafkaStreams(topology, props, batching.clientSupplier())}; its hooks write every
 * pending result before each commit, and without them the inference processor refuses to start.
 */
package io.actionstream.streams.topology;
