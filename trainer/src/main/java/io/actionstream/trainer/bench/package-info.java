/** Benchmarks of the trainer: training and inference throughput of the default model. */
package io.actionstream.trainer.bench;
