package io.actionstream.trainer.run;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.model.NextFramePredictor;
import io.actionstream.trainer.report.EvaluationReport;
import io.actionstream.trainer.report.FrameStrip;
import io.actionstream.trainer.report.MetricsLog;
import io.actionstream.trainer.report.TrainingPlots;
import io.actionstream.trainer.train.Checkpoints;
import io.actionstream.trainer.train.EarlyStopping;
import io.actionstream.trainer.train.EpochMetrics;
import io.actionstream.trainer.train.EpochResult;
import io.actionstream.trainer.train.InitialWeights;
import io.actionstream.trainer.train.PixelStatistics;
import io.actionstream.trainer.train.SupervisedTrainer;
import io.actionstream.trainer.train.TrainingOptions;
import io.actionstream.trainer.train.UnsupervisedTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run as configured: pre-training, supervised training or both, with checkpoints,
 * metrics, plots and a final evaluation, all written under {@code output.dir}:
 *
 * <pre>
 * config.yaml            effective configuration
 * encoder.params         pre-trained encoder (unsupervised, both)
 * pretrain-metrics.jsonl pre-training epochs
 * metrics.jsonl          supervised epochs
 * checkpoints/           epoch-NNNN.params / .optim and latest.json (resume point)
 * best.params, model.json  best supervised model and what is needed to rebuild it
 * evaluation.json / .md  accuracy on val, test and test_comp
 * plots/                 loss.png, accuracy.png, next-frame.png
 * </pre>
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  /** Batch of the start-up engine check at the model's own shapes (kept small: float64 is slow). */
  private static final int CHECK_BATCH = 4;

  private final TrainConfig config;
  private final Path dir;
  private final boolean progress;

  /**
   * Prepares a run.
   *
   * @param config validated configuration
   * @param progress whether to draw progress bars
   */
  public TrainingRun(TrainConfig config, boolean progress) {
    this.config = config.validate();
    this.dir = Path.of(config.output().dir());
    this.progress = progress;
  }

  /** The run directory. */
  public Path directory() {
    return dir;
  }

  /**
   * Runs the configured mode.
   *
   * @param resume continue a supervised run from its latest checkpoint
   * @return the final evaluation (empty for unsupervised runs)
   */
  public List<EvaluationResult> run(boolean resume) throws IOException {
    RunCheckpoint checkpoint = resume ? requireResumable() : null;
    Files.createDirectories(dir.resolve("plots"));
    Files.writeString(dir.resolve("config.yaml"), TrainConfigLoader.toYaml(config));
    TrainConfig.Mode mode = config.training().parsedMode();
    try (ClipSource data = DataSources.open(config)) {
      Engines.checkModel(
          modelConfig(), data.schema(), Math.min(config.training().batchSize(), CHECK_BATCH));
      ModelManifest.Normalisation norm =
          checkpoint != null ? checkpoint.normalisation() : normalisation(data);
      Optional<Path> encoder =
          Optional.ofNullable(config.training().unsupervisedModel()).map(Path::of);
      if (mode != TrainConfig.Mode.SUPERVISED && checkpoint == null) {
        // a resumed supervised phase starts from its checkpoint, not from the encoder
        encoder = Optional.of(pretrain(data, norm));
      }
      if (mode == TrainConfig.Mode.UNSUPERVISED) {
        return List.of();
      }
      return supervised(data, norm, encoder, checkpoint);
    }
  }

  /**
   * The checkpoint to resume from, after checking that the run directory has one and that the new
   * configuration trains the same thing (only the epoch budget and patience may change).
   *
   * @throws IllegalArgumentException if there is nothing to resume or the config differs
   */
  private RunCheckpoint requireResumable() throws IOException {
    RunCheckpoint checkpoint = RunCheckpoint.readLatest(dir);
    if (checkpoint == null) {
      throw new IllegalArgumentException(
          "--resume: "
              + dir
              + " has no checkpoint (checkpoints/latest.json); start without"
              + " --resume");
    }
    TrainConfig saved = TrainConfigLoader.loadRun(dir.resolve("config.yaml"), java.util.Map.of());
    TrainConfig.Training a = saved.training();
    TrainConfig.Training b = config.training();
    String differs =
        !saved.model().toModelConfig().equals(config.model().toModelConfig())
            ? "model.*"
            : !java.util.Objects.equals(saved.data(), config.data())
                ? "data.*"
                : a.masking() != b.masking()
                    ? "training.masking"
                    : a.batchSize() != b.batchSize()
                        ? "training.batch_size"
                        : a.learningRate() != b.learningRate()
                            ? "training.learning_rate"
                            : a.seed() != b.seed()
                                ? "training.seed"
                                : !a.mode().equalsIgnoreCase(b.mode())
                                    ? "training.mode"
                                    : a.maxBatchesPerEpoch() != b.maxBatchesPerEpoch()
                                        ? "training.max_batches_per_epoch"
                                        : a.freezeEncoder() != b.freezeEncoder()
                                            ? "training.freeze_encoder"
                                            : null;
    if (differs != null) {
      throw new IllegalArgumentException(
          "--resume: "
              + differs
              + " differs from the run's config.yaml; a resumed run must"
              + " train the same model on the same data (only training.epochs and"
              + " training.patience may change)");
    }
    return checkpoint;
  }

  private ModelManifest.Normalisation normalisation(ClipSource data) {
    try (Stream<LabelledClip> clips = data.stream(Partition.TRAIN)) {
      return PixelStatistics.estimate(clips, config.training().normalisationClips());
    }
  }

  private ModelConfig modelConfig() {
    return config.model().toModelConfig();
  }

  private int maskChannels(int slots) {
    return modelConfig().maskInput() == ModelConfig.MaskInput.INPUT ? slots : 0;
  }

  /** Next-frame pre-training; returns the saved encoder's path. */
  private Path pretrain(ClipSource data, ModelManifest.Normalisation norm) throws IOException {
    int slots = data.schema().slotCount();
    TrainingOptions options = config.training().pretrainOptions();
    Path encoderFile = dir.resolve("encoder.params");
    List<EpochMetrics> history = new ArrayList<>();
    long trainCount = SupervisedTrainer.requireTrainAndVal(data);
    try (UnsupervisedTrainer trainer =
            new UnsupervisedTrainer(
                new NextFramePredictor(modelConfig(), maskChannels(slots)),
                slots,
                options,
                norm,
                progress);
        MetricsLog log = MetricsLog.open(dir.resolve("pretrain-metrics.jsonl"), 1)) {
      EarlyStopping stopping = EarlyStopping.fresh();
      for (int epoch = 1; epoch <= options.epochs() && !stopping.shouldStop(); epoch++) {
        long start = System.nanoTime();
        EpochResult result;
        try (Stream<LabelledClip> clips =
            SupervisedTrainer.shuffled(data.stream(Partition.TRAIN), options, epoch)) {
          result = trainer.trainEpoch(clips, trainCount, epoch);
        }
        double valLoss;
        try (Stream<LabelledClip> clips = data.stream(Partition.VAL)) {
          valLoss = trainer.validate(clips);
        }
        stopping = stopping.after(epoch, valLoss, options.patience());
        if (stopping.isBest(epoch)) {
          trainer.saveEncoder(encoderFile);
        }
        EpochMetrics metrics =
            new EpochMetrics(
                epoch,
                result.meanLoss(),
                valLoss,
                Double.NaN,
                Map.of(),
                result.samplesPerSecond(),
                (System.nanoTime() - start) / 1e9);
        log.append(metrics);
        history.add(metrics);
        LOG.info("pre-train epoch {}: train mse {}, val mse {}", epoch, result.meanLoss(), valLoss);
        writeFrameStrip(trainer, data, norm);
      }
      TrainingPlots.write(history, dir.resolve("plots").resolve("pretrain"));
    }
    return encoderFile;
  }

  private void writeFrameStrip(
      UnsupervisedTrainer trainer, ClipSource data, ModelManifest.Normalisation norm)
      throws IOException {
    Optional<LabelledClip> sample;
    try (Stream<LabelledClip> clips = data.stream(Partition.VAL)) {
      sample = clips.findFirst();
    }
    if (sample.isPresent()) {
      FrameStrip.write(
          dir.resolve("plots").resolve("next-frame.png"),
          sample.get().clip(),
          trainer.predictFrames(sample.get()),
          norm.mean(),
          norm.std());
    }
  }

  private List<EvaluationResult> supervised(
      ClipSource data,
      ModelManifest.Normalisation norm,
      Optional<Path> encoder,
      RunCheckpoint checkpoint)
      throws IOException {
    TrainingOptions options = config.training().supervisedOptions();
    ActionModel model = new ActionModel(modelConfig(), data.schema());
    InitialWeights start =
        checkpoint != null
            ? InitialWeights.parameters(RunCheckpoint.parameters(dir, checkpoint.epoch()))
            : encoder.map(InitialWeights::encoder).orElse(InitialWeights.random());
    try (SupervisedTrainer trainer = new SupervisedTrainer(model, options, norm, progress, start)) {
      int firstEpoch = 1;
      EarlyStopping stopping = EarlyStopping.fresh();
      if (checkpoint != null) {
        trainer.loadOptimizer(RunCheckpoint.optimizer(dir, checkpoint.epoch()));
        firstEpoch = checkpoint.epoch() + 1;
        stopping = checkpoint.earlyStopping();
        LOG.info("resuming after epoch {} from {}", checkpoint.epoch(), dir);
      } else if (encoder.isPresent()) {
        LOG.info("supervised training starts from the pre-trained encoder {}", encoder.get());
      }
      Path metricsFile = dir.resolve(MetricsLog.FILE_NAME);
      List<EpochMetrics> history = new ArrayList<>();
      if (firstEpoch > 1 && Files.exists(metricsFile)) {
        int resumedAfter = firstEpoch;
        MetricsLog.read(metricsFile).stream()
            .filter(m -> m.epoch() < resumedAfter)
            .forEach(history::add);
      }
      try (MetricsLog log = MetricsLog.open(metricsFile, firstEpoch)) {
        trainer.fit(
            data,
            firstEpoch,
            stopping,
            (metrics, state) -> {
              try {
                Path params = RunCheckpoint.parameters(dir, metrics.epoch());
                trainer.saveParameters(params);
                trainer.saveOptimizer(RunCheckpoint.optimizer(dir, metrics.epoch()));
                if (state.isBest(metrics.epoch())) {
                  Checkpoints.copy(params, dir.resolve(TrainedModel.PARAMETERS));
                }
                // last: the resume point names only files that are complete
                new RunCheckpoint(metrics.epoch(), state, norm).write(dir);
                log.append(metrics);
                history.add(metrics);
                TrainingPlots.write(history, dir.resolve("plots"));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      }
    }
    new TrainedModel(config.model(), ModelManifest.slotSpecs(data.schema()), norm, provenance())
        .write(dir);
    List<EvaluationResult> results =
        ModelEvaluation.evaluate(dir, data, config.training().batchSize());
    EvaluationReport.write(results, dir);
    return results;
  }

  private Map<String, Object> provenance() {
    Map<String, Object> facts = new LinkedHashMap<>();
    TrainConfig.Training t = config.training();
    facts.put("mode", t.parsedMode().configName());
    facts.put("masking", t.masking());
    if (t.augment() != null && !t.augment().isEmpty()) {
      facts.put(TrainedModel.AUGMENT, String.join(",", t.augment()));
    }
    facts.put("split", config.data().split());
    facts.put(TrainedModel.RESIZE, config.data().resizePolicy().configName());
    facts.put(
        "data",
        config.data().dataset() != null
            ? config.data().dataset()
            : config.data().folder() != null
                ? config.data().folder()
                : "synthetic:"
                    + config.data().synthetic().clips()
                    + "@"
                    + config.data().synthetic().seed());
    facts.put("seed", t.seed());
    facts.put("epochs", t.epochs());
    facts.put("learning_rate", t.learningRate());
    return facts;
  }
}
