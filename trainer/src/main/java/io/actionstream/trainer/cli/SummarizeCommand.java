package io.actionstream.trainer.cli;

import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.report.EvaluationReport;
import io.actionstream.trainer.report.ExperimentTable;
import io.actionstream.trainer.run.DataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code summarize}: one Markdown table comparing finished runs, averaged over seeds. */
@Command(
    name = "summarize",
    mixinStandardHelpOptions = true,
    description = {
      "Compare finished runs: one row per split, head, mask input, mode (and frozen encoder),",
      "masking (and mask scope), with the mean and standard deviation over seeds of i.i.d.",
      "and compositional accuracy."
    })
final class SummarizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run directories.")
  List<Path> runs;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the table here.")
  Path out;

  @Option(
      names = "--plot",
      paramLabel = "PNG",
      description =
          "Also draw the sample-efficiency plot here: sentence accuracy against training clips for"
              + " each variant run at two or more data sizes.")
  Path plot;

  @Override
  public Integer call() throws Exception {
    List<ExperimentTable.Run> finished = new ArrayList<>();
    for (Path run : runs) {
      Path evaluation = run.resolve(EvaluationReport.JSON_FILE);
      if (!Files.exists(evaluation)) {
        spec.commandLine().getErr().println("skipping " + run + ": no " + evaluation.getFileName());
        continue;
      }
      TrainConfig config = TrainConfigLoader.loadRun(run.resolve("config.yaml"), Map.of());
      List<EvaluationResult> results = EvaluationReport.readJson(evaluation);
      finished.addAll(ExperimentTable.Run.of(config, results, trainClips(config)));
    }
    String table = ExperimentTable.markdown(finished);
    spec.commandLine().getOut().print(table);
    if (out != null) {
      Files.writeString(out, table);
    }
    if (plot != null) {
      ExperimentTable.sampleEfficiency(finished).writePng(plot);
    }
    return 0;
  }

  /** The run's training clips, counted from its data (0 when the data cannot be opened). */
  private long trainClips(TrainConfig config) {
    try (ClipSource data = DataSources.open(config)) {
      return data.count(Partition.TRAIN);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("cannot count training clips: " + e.getMessage());
      return 0;
    }
  }
}
