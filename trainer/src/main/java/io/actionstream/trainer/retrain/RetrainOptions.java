package io.actionstream.trainer.retrain;

import io.actionstream.core.registry.KafkaRegistryConfig;
import io.actionstream.trainer.config.TrainConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one retraining run does ({@code actionstream-train retrain}; the options are documented
 * there and in docs/continual-training.md).
 *
 * @param kafka Kafka client settings ({@code bootstrap.servers}, security) for the labels consumer
 * @param registry where the serving model is read and the candidate published
 * @param labelsTopic the labels topic
 * @param dlqTopic where unusable label records go with their reason; null to only count them
 * @param group the labels consumer group: its committed offsets say which labels are new
 * @param config replay data ({@code data.*}) and fine-tuning settings ({@code training.*}); the
 *     model's structure comes from the serving package
 * @param replayRatio replay clips per new training label, at least 0
 * @param holdout share of the new labels held back to evaluate on, in (0, 1)
 * @param minLabels fewer usable labels than this: nothing is trained or committed
 * @param maxLabels at most this many labels per run; the rest wait for the next run
 * @param evalClips at most this many clips of each replay evaluation partition (test, test_comp)
 * @param gate when the candidate may serve
 * @param workDir where the run writes its files and report
 * @param version the candidate's version, or null for a generated one
 * @param actor who the registry events name
 * @param progress whether to draw progress bars
 */
public record RetrainOptions(
    Map<String, Object> kafka,
    KafkaRegistryConfig registry,
    String labelsTopic,
    String dlqTopic,
    String group,
    TrainConfig config,
    double replayRatio,
    double holdout,
    int minLabels,
    int maxLabels,
    int evalClips,
    Gate gate,
    Path workDir,
    String version,
    String actor,
    boolean progress) {

  public RetrainOptions {
    Objects.requireNonNull(labelsTopic, "labelsTopic");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(actor, "actor");
    kafka = Map.copyOf(kafka);
    require(replayRatio >= 0 && replayRatio <= 100, "--replay-ratio", "0..100", replayRatio);
    require(holdout > 0 && holdout < 1, "--holdout", "(0, 1)", holdout);
    require(minLabels >= 2, "--min-labels", ">= 2", minLabels);
    require(maxLabels >= minLabels, "--max-labels", ">= --min-labels", maxLabels);
    require(evalClips >= 1, "--eval-clips", ">= 1", evalClips);
    if (!TARGET.matcher(gate.target()).matches()) {
      throw new IllegalArgumentException(
          "--target must be an accuracy of an evaluation set, labels|test|test_comp"
              + ".<figure>_accuracy (e.g. labels.mean_slot_accuracy), got "
              + gate.target());
    }
  }

  /** What the gate can target: an accuracy the job measures (higher is better). */
  private static final Pattern TARGET =
      Pattern.compile("(labels|test|test_comp)\\.[a-z][a-z0-9]*(_[a-z0-9]+)*_accuracy");

  private static void require(boolean ok, String option, String range, double value) {
    if (!ok) {
      throw new IllegalArgumentException(option + " must be " + range + ", got " + value);
    }
  }
}
