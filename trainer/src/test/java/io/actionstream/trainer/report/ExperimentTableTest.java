package io.actionstream.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.trainer.report.ExperimentTable.Run;
import io.actionstream.trainer.report.ExperimentTable.Variant;
import io.actionstream.trainer.train.MaskScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentTableTest {
  private static Variant variant(boolean frozen, boolean masking, MaskScope scope) {
    return new Variant("comp", "slots", "input", "both", frozen, masking, scope);
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
    assertTrue(rows.get(0).contains("| both | on | 2 |"), rows.get(0));
    assertTrue(rows.get(1).contains("| both, frozen encoder | on | 1 |"), rows.get(1));
    assertTrue(rows.get(2).contains("| both | on, one mask per batch | 1 |"), rows.get(2));
    assertTrue(
        rows.get(3).contains("| both | off | 1 |"), rows.get(3) + " (scope only with masking)");
  }
}
