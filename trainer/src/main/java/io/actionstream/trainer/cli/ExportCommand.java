package io.actionstream.trainer.cli;

import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.SlotPrediction;
import io.actionstream.trainer.export.ExportParity;
import io.actionstream.trainer.export.ModelPackageExporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code export}: a trained run as a model package (ONNX + manifest). */
@Command(
    name = "export",
    description = {
      "Export a run's best model as a model package: model.onnx + manifest.json",
      "(and encoder.onnx + head.onnx for mask_input=features models). See docs/model-package.md."
    })
final class ExportCommand implements Callable<Integer> {
  private static final String SAFE = "[A-Za-z0-9][A-Za-z0-9._-]*";

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
  Path run;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PKG_DIR",
      description = "Package directory to create (must not exist or be empty).")
  Path out;

  @Option(
      names = "--name",
      paramLabel = "N",
      description = "Model name (default: " + ModelPackageExporter.DEFAULT_NAME + ").")
  String name;

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "Model version (default: <creation time>-<weights hash>).")
  String version;

  @Option(
      names = "--slot-prediction",
      paramLabel = "HOW",
      defaultValue = AUTO,
      description = {
        "How the service asks the model for several slots: joint (one pass, every slot in the",
        "mask), per_slot (one pass per slot, each asked alone) or auto (default: per_slot when",
        "the run's mean sentence accuracy over test and test_comp is higher asked alone)."
      })
  String slotPrediction;

  private static final String AUTO = "auto";

  @Override
  public Integer call() throws Exception {
    check(name, "--name");
    check(version, "--version");
    ModelPackageExporter exporter = new ModelPackageExporter(Clock.systemUTC());
    if (!AUTO.equalsIgnoreCase(slotPrediction.strip())) {
      try {
        exporter = exporter.withSlotPrediction(SlotPrediction.parse(slotPrediction));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--slot-prediction must be auto, joint or per_slot, got '" + slotPrediction + "'");
      }
    }
    ModelPackage pkg = exporter.export(run, out, name, version);
    ModelManifest m = pkg.manifest();
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "exported %s %s to %s%n", m.name(), m.version(), out.toAbsolutePath());
    w.printf(Locale.ROOT, "  %s  sha256 %s%n", m.modelFile(), m.sha256());
    w.printf(
        Locale.ROOT,
        "  inputs   %s float32 [batch, %d, 3, %d, %d], %s float32 [batch, %d]%n",
        m.input().clipName(),
        m.input().frames(),
        m.input().height(),
        m.input().width(),
        m.input().maskName(),
        m.schema().size());
    for (ModelManifest.OutputSpec o : m.outputs()) {
      w.printf(Locale.ROOT, "  output   %s, %s%n", o.probabilities(), o.logits());
    }
    w.printf(Locale.ROOT, "  slots    asked %s%n", m.parsedSlotPrediction().configName());
    if (m.metrics() != null) {
      w.printf(
          Locale.ROOT,
          "  parity   ONNX Runtime matches the trained model within %.2g (tolerance %.0e)%n",
          m.metrics().get(ModelPackageExporter.PARITY_METRIC),
          ExportParity.TOLERANCE);
      for (String key : new String[] {"test.sentence_accuracy", "test_comp.sentence_accuracy"}) {
        Double v = m.metrics().get(key);
        if (v != null) {
          w.printf(Locale.ROOT, "  %-28s %.1f%%%n", key, 100 * v);
        }
      }
    }
    w.flush();
    return 0;
  }

  private void check(String value, String option) {
    if (value != null && !value.matches(SAFE)) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " must be letters, digits, '.', '_' or '-' (starting with a letter or digit), got '"
              + value
              + "'");
    }
  }
}
