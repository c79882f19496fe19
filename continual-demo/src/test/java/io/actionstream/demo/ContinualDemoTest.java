package io.actionstream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.cli.demo.Scoreboard;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.retrain.RetrainJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The continual demo end to end: v2 is promoted and the live accuracy on the pairs v1 never saw
 * rises; the candidate trained on corrupted labels is rejected and never serves; no clip is
 * predicted twice across the swap.
 */
@Tag("integration")
class ContinualDemoTest {
  @TempDir Path work;

  @Test
  void shouldTeachTheServingModelTheUnseenPairsAndRejectCorruptedLabels() throws Exception {
    StringWriter text = new StringWriter();
    ContinualDemo demo = new ContinualDemo();
    new CommandLine(demo).parseArgs("--clips-per-version", "24");
    ContinualDemo.Result r = demo.run(work, new PrintWriter(text, true));
    String out = text.toString();
    System.out.println(out);
    assertTrue(r.asExpected(), out);
    assertEquals(RetrainJob.Outcome.PROMOTED, r.promoted().outcome());
    assertEquals(RetrainJob.Outcome.REJECTED, r.rejected().outcome());
    assertFalse(r.rejectedEverServed());
    assertEquals(0, r.duplicates(), "clips predicted twice");
    assertEquals(0, r.missing(), "clips never predicted, across two swaps' worth of streaming");
    int shape = PropertySchema.defaultSchema().slotIndex("shape");
    Scoreboard v1 = r.byVersion().get("v1");
    Scoreboard v2 = r.byVersion().get(r.promoted().candidate());
    assertTrue(
        v2.accuracy(shape) > v1.accuracy(shape),
        "live shape accuracy on unseen pairs: v1 " + v1.running() + ", v2 " + v2.running());
    assertTrue(out.contains("the service resolved the 12 references into labelled clips"), out);
    assertEquals(
        96 + 12,
        r.promoted().labels() + r.promoted().heldBack(),
        "the retraining used the labelled clips and the resolved references");
    assertTrue(out.contains("5/5 labels with every shape wrong arrive"), out);
    assertTrue(out.contains("gate: "), out);
  }
}
