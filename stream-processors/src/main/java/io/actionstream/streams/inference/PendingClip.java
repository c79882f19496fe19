package io.actionstream.streams.inference;

import io.actionstream.core.clip.Clip;
import io.actionstream.streams.deadletter.RecordOrigin;
import java.util.Objects;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A decoded clip waiting for its batch, with what its output needs.
 *
 * @param task the task that read it (its entries are dropped when that task closes)
 * @param streamId the record key, decoded
 * @param clip the decoded clip, of the predictor's shape
 * @param original the clip record as read (dead letters carry its bytes and headers; the prediction
 *     carries its timestamp)
 * @param origin its topic, partition and offset, for dead letters
 * @param arrivalMs wall-clock time it was accepted, epoch ms
 */
record PendingClip(
    TaskId task,
    String streamId,
    Clip clip,
    Record<byte[], byte[]> original,
    RecordOrigin origin,
    long arrivalMs) {
  /** Checks for nulls. */
  PendingClip {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(clip, "clip");
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(origin, "origin");
  }
}
