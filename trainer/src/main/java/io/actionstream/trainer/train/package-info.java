/**
 * Training: batching clips into tensors, mask sampling, the masked slot loss, the supervised
 * training loop with early stopping, and checkpoints.
 */
package io.actionstream.trainer.train;
