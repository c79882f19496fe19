package io.actionstream.trainer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.eval.SlotAccuracy;
import io.actionstream.trainer.eval.SlotQueries;
import io.actionstream.trainer.report.ExperimentTable.Run;
import io.actionstream.trainer.report.ExperimentTable.Variant;
import io.actionstream.trainer.train.MaskScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentTableTest {
  private static Variant variant(boolean frozen, boolean masking, MaskScope scope) {
    return new Variant(
        "comp",
        "slots",
        "input",
        "both",
        frozen,
        masking,
        scope,
        List.of(),
        SlotQueries.ALL_AT_ONCE,
        0);
  }

  @Test
  void shouldKeepFrozenEncodersAndPerBatchMasksInRowsOfTheirOwn() {
    String table =
        ExperimentTable.markdown(
            List.of(
                new Run(variant(false, true, MaskScope.EXAMPLE), 1, null, null),
                new Run(variant(true, true, MaskScope.EXAMPLE), 1, null, null),
                new Run(variant(false, true, MaskScope.BATCH), 1, null, null),
                new Run(variant(false, true, MaskScope.EXAMPLE), 2, null, null),
                new Run(variant(false, false, MaskScope.BATCH), 1, null, null)));
    List<String> rows = table.lines().skip(2).toList();
    assertEquals(4, rows.size(), table);
    assertTrue(rows.get(0).contains("| both | on | – | all at once | – | 2 |"), rows.get(0));
    assertTrue(
        rows.get(1).contains("| both, frozen encoder | on | – | all at once | – | 1 |"),
        rows.get(1));
    assertTrue(
        rows.get(2).contains("| both | on, one mask per batch | – | all at once | – | 1 |"),
        rows.get(2));
    assertTrue(
        rows.get(3).contains("| both | off | – | all at once | – | 1 |"),
        rows.get(3) + " (scope only with masking)");
  }

  @Test
  void aRunEvaluatedEachSlotAloneShouldGiveASecondRowWithItsAugmentation() {
    TrainConfig config =
        TrainConfigLoader.load(
            null,
            Map.of(
                "training.masking", "true",
                "training.augment", "colour=hue,action+size=reverse",
                "data.split", "comp-colour-shape-medium"));
    List<Run> runs =
        Run.of(
            config,
            List.of(
                result("test", 9, 10),
                result("test_comp", 0, 10),
                result("test.per_slot", 8, 10),
                result("test_comp.per_slot", 4, 10)));
    assertEquals(2, runs.size());
    String table = ExperimentTable.markdown(runs);
    List<String> rows = table.lines().skip(2).toList();
    assertTrue(
        rows.get(0)
            .contains("| colour=hue, action+size=reverse | all at once | – | 1 | 90.0% | 0.0% |"),
        rows.get(0));
    assertTrue(
        rows.get(1)
            .contains("| colour=hue, action+size=reverse | each alone | – | 1 | 80.0% | 40.0% |"),
        rows.get(1));
    assertEquals(
        1,
        Run.of(TrainConfigLoader.defaults(), List.of(result("test", 1, 2))).size(),
        "a run without per-slot results has one row");
  }

  @Test
  void sampleEfficiencyShouldDrawEachVariantRunAtSeveralSizesAgainstItsTrainingClips() {
    TrainConfig config = TrainConfigLoader.load(null, Map.of("training.masking", "true"));
    List<Run> runs = new java.util.ArrayList<>();
    runs.addAll(Run.of(config, List.of(result("test", 5, 10), result("test_comp", 1, 10)), 500));
    runs.addAll(Run.of(config, List.of(result("test", 7, 10), result("test_comp", 3, 10)), 500));
    runs.addAll(Run.of(config, List.of(result("test", 9, 10), result("test_comp", 2, 10)), 2000));
    runs.addAll(
        Run.of(TrainConfigLoader.defaults(), List.of(result("test", 9, 10)), 4000)); // one size
    var series = ExperimentTable.sampleEfficiency(runs).series();
    assertEquals(2, series.size(), "i.i.d. and held-out of the one variant with two sizes");
    assertEquals("masking: i.i.d.", series.get(0).name());
    assertArrayEquals(new double[] {500, 2000}, series.get(0).x());
    assertArrayEquals(new double[] {0.6, 0.9}, series.get(0).y(), 1e-9, "mean over seeds");
    assertArrayEquals(new double[] {0.2, 0.2}, series.get(1).y(), 1e-9);
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExperimentTable.sampleEfficiency(runs.subList(3, 4)));
    assertTrue(none.getMessage().contains("two or more"), none.getMessage());
  }

  private static EvaluationResult result(String partition, long right, long of) {
    return new EvaluationResult(
        partition,
        of,
        0.1,
        right,
        List.of(new SlotAccuracy("size", List.of("small", "large"), right, of, new long[2][2])));
  }
}
