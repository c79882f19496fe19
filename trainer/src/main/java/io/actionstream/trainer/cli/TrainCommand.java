package io.actionstream.trainer.cli;

import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.report.EvaluationReport;
import io.actionstream.trainer.run.TrainingRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: runs a training configuration. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model: supervised, unsupervised (next-frame pre-training) or both.",
      "Configuration: bundled defaults < --config file < --set key=value < named options."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON config file.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a config key, e.g. --set training.epochs=3 (repeatable).")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(names = "--mode", description = "supervised, unsupervised or both.")
  String mode;

  @Option(names = "--masking", negatable = true, description = "Masking approach on/off.")
  Boolean masking;

  @Option(names = "--epochs", description = "Supervised epochs.")
  Integer epochs;

  @Option(names = "--dataset", paramLabel = "DIR", description = "Dataset directory.")
  String dataset;

  @Option(names = "--split", description = "Split name, e.g. iid or comp-colour-shape-hard.")
  String split;

  @Option(names = "--output", paramLabel = "DIR", description = "Run directory.")
  String output;

  @Option(
      names = "--unsupervised-model",
      paramLabel = "FILE",
      description = "encoder.params of a pre-training run to start supervised training from.")
  String unsupervisedModel;

  @Option(names = "--resume", description = "Continue from the run directory's last checkpoint.")
  boolean resume;

  @Option(
      names = "--debug",
      description = "One short epoch on a few samples (2 batches, small synthetic data).")
  boolean debug;

  @Option(names = "--no-progress", description = "No progress bars.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    TrainConfig cfg;
    try {
      cfg = TrainConfigLoader.load(config, overrides());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    TrainingRun run = new TrainingRun(cfg, !noProgress);
    List<EvaluationResult> results = run.run(resume);
    spec.commandLine().getOut().println("run directory: " + run.directory().toAbsolutePath());
    if (!results.isEmpty()) {
      String report = EvaluationReport.markdown(results);
      int confusion = report.indexOf("## Confusion");
      spec.commandLine().getOut().print(confusion < 0 ? report : report.substring(0, confusion));
    }
    return 0;
  }

  /** Named options and --debug turned into dotted overrides, applied after --set. */
  Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>(set);
    put(o, "training.mode", mode);
    put(o, "training.masking", masking);
    put(o, "training.epochs", epochs);
    put(o, "data.dataset", dataset);
    put(o, "data.split", split);
    put(o, "output.dir", output);
    put(o, "training.unsupervised_model", unsupervisedModel);
    if (debug) {
      o.put("training.epochs", "1");
      o.put("training.pretrain_epochs", "1");
      o.put("training.max_batches_per_epoch", "2");
      o.put("training.max_eval_batches", "2");
      o.put("training.normalisation_clips", "8");
      o.putIfAbsent("data.synthetic.clips", "200");
    }
    return o;
  }

  private static void put(Map<String, String> o, String key, Object value) {
    if (value != null) {
      o.put(key, value.toString());
    }
  }
}
