package io.actionstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.trainer.batch.ClipTensors;
import java.util.Collections;
import java.util.List;

/** Test helper: all per-slot probabilities of a model for some clips, flattened. */
final class Probabilities {
  private Probabilities() {}

  static float[] of(SupervisedTrainer trainer, List<LabelledClip> clips) {
    try (NDManager scope = trainer.manager().newSubManager()) {
      ClipTensors.Batch batch =
          trainer
              .tensors()
              .batch(
                  scope,
                  clips,
                  Collections.nCopies(clips.size(), trainer.block().schema().allSlots()));
      NDList out = trainer.block().forward(new ParameterStore(scope, false), batch.inputs(), false);
      NDList probs = trainer.block().probabilities(out);
      NDArray flat = ai.djl.ndarray.NDArrays.concat(probs, 1);
      return flat.toFloatArray();
    }
  }
}
