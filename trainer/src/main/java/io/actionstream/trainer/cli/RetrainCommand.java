package io.actionstream.trainer.cli;

import io.actionstream.core.cli.KafkaClientOptions;
import io.actionstream.core.registry.Change;
import io.actionstream.core.registry.KafkaRegistryConfig;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.retrain.Gate;
import io.actionstream.trainer.retrain.RetrainJob;
import io.actionstream.trainer.retrain.RetrainOptions;
import io.actionstream.trainer.retrain.RetrainReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code actionstream-train retrain}: one run of the retraining job ({@link RetrainJob}). */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tune the registry's serving model on new labelled clips from the labels topic, mixed"
          + " with replay clips of the configured data; publish the candidate and promote it only"
          + " if the gate passes (docs/continual-training.md). One-shot, for a scheduled job.",
      "Exit: 0 promoted or not enough new labels, 3 rejected by the gate, 1 error, 2 usage."
    })
final class RetrainCommand implements Callable<Integer> {
  /** Exit status of a run whose candidate the gate rejected. */
  static final int EXIT_REJECTED = 3;

  @Spec CommandSpec spec;

  @Mixin KafkaClientOptions kafka = new KafkaClientOptions();

  @Option(
      names = "--labels-topic",
      defaultValue = "labels",
      description = "Topic of labelled clips (default ${DEFAULT-VALUE}).")
  String labelsTopic;

  @Option(
      names = "--dlq-topic",
      defaultValue = "dlq",
      description =
          "Where unusable label records go with their reason; empty to only count them (default"
              + " ${DEFAULT-VALUE}).")
  String dlqTopic;

  @Option(
      names = "--group",
      defaultValue = "actionstream-retrain",
      description =
          "Consumer group whose offsets mark the labels already used (default ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Training config: data.* is the replay data, training.* the fine-tuning.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a config key, e.g. --set training.epochs=2 (repeatable).")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--replay-ratio",
      defaultValue = "1.0",
      description = "Replay clips per new training label (default ${DEFAULT-VALUE}).")
  double replayRatio;

  @Option(
      names = "--holdout",
      defaultValue = "0.25",
      description = "Share of new labels held back to evaluate on (default ${DEFAULT-VALUE}).")
  double holdout;

  @Option(
      names = "--min-labels",
      defaultValue = "8",
      description = "Fewer new labels: nothing is trained or committed (default ${DEFAULT-VALUE}).")
  int minLabels;

  @Option(
      names = "--max-labels",
      defaultValue = "10000",
      description = "At most this many labels per run (default ${DEFAULT-VALUE}).")
  int maxLabels;

  @Option(
      names = "--eval-clips",
      defaultValue = "200",
      description = "Replay clips per evaluation partition (default ${DEFAULT-VALUE}).")
  int evalClips;

  @Option(
      names = "--target",
      defaultValue = "labels.mean_slot_accuracy",
      description = "The metric the candidate must improve (default ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--min-improvement",
      defaultValue = "0.0",
      description = "How much the target must rise (default ${DEFAULT-VALUE}).")
  double minImprovement;

  @Option(
      names = "--tolerance",
      defaultValue = "0.02",
      description = "How much any other accuracy may fall (default ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(
      names = "--candidate-version",
      paramLabel = "VERSION",
      description = "The candidate's version (default: creation time and checksum).")
  String version;

  @Option(
      names = "--actor",
      defaultValue = "retrain-job",
      description = "Who the registry events name (default ${DEFAULT-VALUE}).")
  String actor;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      required = true,
      description = "Where the run writes its files and retrain-report.md/.json.")
  Path workDir;

  @Option(names = "--no-progress", description = "No progress bars.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    RetrainOptions options;
    try {
      TrainConfig cfg = TrainConfigLoader.load(config, set);
      options =
          new RetrainOptions(
              kafka.clientProperties(),
              kafka.registry(KafkaRegistryConfig.DEFAULT_CHUNK_BYTES, false, (short) -1),
              labelsTopic,
              dlqTopic.isBlank() ? null : dlqTopic,
              group,
              cfg,
              replayRatio,
              holdout,
              minLabels,
              maxLabels,
              evalClips,
              new Gate(target, minImprovement, tolerance),
              workDir,
              version,
              actor == null ? Change.currentUser() : actor,
              !noProgress);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    RetrainReport report = new RetrainJob(options).run();
    spec.commandLine().getOut().print(report.markdown());
    return report.outcome() == RetrainJob.Outcome.REJECTED ? EXIT_REJECTED : 0;
  }
}
