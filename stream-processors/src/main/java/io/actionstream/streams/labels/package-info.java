/**
 * Label references: the labels-topic records that name a clip the service has seen (stream id and
 * frame range) instead of carrying it, resolved from the frames the service holds into labelled
 * clips for the retraining job.
 */
package io.actionstream.streams.labels;
