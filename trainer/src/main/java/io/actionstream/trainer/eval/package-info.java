/**
 * Evaluation: per-slot and whole-sentence accuracy, confusion matrices and reports, on any
 * partition of a dataset.
 */
package io.actionstream.trainer.eval;
