package io.actionstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.dataset.GeneratedClipSource;
import io.actionstream.core.dataset.Splits;
import io.actionstream.trainer.model.ActionModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Native memory must not grow across epochs: every batch's arrays are freed with its scope. */
class NativeMemoryTest {
  @Test
  void nativeArraysHeldByTheModelShouldNotGrowAcrossEpochs() throws Exception {
    GeneratedClipSource data =
        new GeneratedClipSource(SupervisedTrainerTest.DATA, Splits.iid(7), 96);
    List<Integer> arrays = new ArrayList<>();
    try (SupervisedTrainer trainer =
        new SupervisedTrainer(
            new ActionModel(SupervisedTrainerTest.SMALL, data.schema()),
            SupervisedTrainerTest.options(4, true),
            SupervisedTrainerTest.norm(data),
            false,
            InitialWeights.random())) {
      int before = trainer.manager().getManagedArrays().size();
      trainer.fit(
          data,
          1,
          EarlyStopping.fresh(),
          (metrics, state) -> arrays.add(trainer.manager().getManagedArrays().size()));
      assertEquals(4, arrays.size());
      assertTrue(arrays.get(0) > before, "the optimizer's moments should exist after epoch 1");
      assertEquals(
          List.of(arrays.get(0), arrays.get(0), arrays.get(0), arrays.get(0)),
          arrays,
          "native arrays per epoch");
    }
  }
}
