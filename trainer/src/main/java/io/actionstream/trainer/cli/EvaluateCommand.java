package io.actionstream.trainer.cli;

import io.actionstream.core.dataset.ClipSource;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.report.EvaluationReport;
import io.actionstream.trainer.run.DataSources;
import io.actionstream.trainer.run.ModelEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: accuracy of a trained run on any split. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a run's best model on val, test and test_comp of a split.",
      "Data defaults to the run's own config; --dataset/--split choose other data."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
  Path run;

  @Option(names = "--dataset", paramLabel = "DIR", description = "Dataset directory.")
  String dataset;

  @Option(names = "--split", description = "Split name.")
  String split;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write evaluation.json/.md (default: <run>/eval-<split>).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path runConfig = run.resolve("config.yaml");
    if (!Files.exists(runConfig)) {
      throw new IllegalArgumentException(run + " has no config.yaml: is it a run directory?");
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    if (dataset != null) {
      overrides.put("data.dataset", dataset);
    }
    if (split != null) {
      overrides.put("data.split", split);
    }
    TrainConfig config = TrainConfigLoader.loadRun(runConfig, overrides);
    List<EvaluationResult> results;
    try (ClipSource data = DataSources.open(config)) {
      results = ModelEvaluation.evaluate(run, data, config.training().batchSize());
    }
    Path target = out != null ? out : run.resolve("eval-" + config.data().split());
    EvaluationReport.write(results, target);
    spec.commandLine().getOut().println(EvaluationReport.markdown(results));
    spec.commandLine().getOut().println("written to " + target.toAbsolutePath());
    return 0;
  }
}
