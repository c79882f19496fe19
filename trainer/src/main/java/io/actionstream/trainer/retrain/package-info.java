/**
 * Continual training: the one-shot retraining job ({@link
 * io.actionstream.trainer.retrain.RetrainJob}) that fine-tunes the registry's serving model on
 * newly labelled clips, judges the candidate with a {@link io.actionstream.trainer.retrain.Gate},
 * and publishes, promotes or rejects it. See docs/continual-training.md.
 */
package io.actionstream.trainer.retrain;
