/**
 * What the topology reports about its work: {@link
 * io.actionstream.streams.metrics.TopologyListener} (records in and out per topic, dead letters by
 * code) and the counting serde wrappers that feed it. The inference service implements the listener
 * with Micrometer; the topology has no metrics library of its own.
 */
package io.actionstream.streams.metrics;
