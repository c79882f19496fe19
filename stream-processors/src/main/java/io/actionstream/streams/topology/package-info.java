/**
 * The topology: {@link io.actionstream.streams.topology.ActionStreamTopology#build} wires the
 * processors, stores and typed {@link io.actionstream.streams.topology.Topics}.
 */
package io.actionstream.streams.topology;
