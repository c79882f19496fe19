/**
 * From clips to tensors: {@link io.actionstream.trainer.batch.ClipBatches} groups a clip stream
 * into batches on a thread of its own, {@link io.actionstream.trainer.batch.ClipTensors} turns a
 * batch into the model's input, label and mask arrays. Shared by training and evaluation.
 */
package io.actionstream.trainer.batch;
