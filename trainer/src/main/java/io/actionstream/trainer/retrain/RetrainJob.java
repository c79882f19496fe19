package io.actionstream.trainer.retrain;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.ClipShape;
import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.registry.Change;
import io.actionstream.core.registry.KafkaRegistry;
import io.actionstream.core.registry.ModelRegistry;
import io.actionstream.core.registry.ModelVersion;
import io.actionstream.core.registry.RegistryException;
import io.actionstream.core.registry.RegistryState;
import io.actionstream.core.util.FileTrees;
import io.actionstream.core.wire.DeadLetter;
import io.actionstream.trainer.config.TrainConfig;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.export.ModelPackageExporter;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.report.EvaluationReport;
import io.actionstream.trainer.report.TrainingPlots;
import io.actionstream.trainer.run.DataSources;
import io.actionstream.trainer.run.ModelEvaluation;
import io.actionstream.trainer.run.TrainedModel;
import io.actionstream.trainer.train.EarlyStopping;
import io.actionstream.trainer.train.EpochMetrics;
import io.actionstream.trainer.train.InitialWeights;
import io.actionstream.trainer.train.SupervisedTrainer;
import io.actionstream.trainer.train.TrainingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retraining run, start to finish (docs/continual-training.md):
 *
 * <ol>
 *   <li>fetch the registry's serving package and its trainer state;
 *   <li>read the labels the consumer group has not seen; hold back a share to evaluate on;
 *   <li>fine-tune from the serving weights on the new labels mixed with replay clips of the
 *       configured data, so that the model does not forget;
 *   <li>evaluate serving and candidate on the same sets: the held-back labels ({@code labels.*}),
 *       the replay data's test ({@code test.*}) and compositional test ({@code test_comp.*});
 *   <li>export and publish the candidate, then promote it if the {@link Gate} passes, else record a
 *       rejection with the gate's reasons;
 *   <li>send unusable label records to the dead-letter topic; only then commit the labels' offsets,
 *       and write the report.
 * </ol>
 *
 * A run that dies before the outcome is recorded leaves the offsets where they were: the next run
 * reads the same labels.
 */
public final class RetrainJob {
  /** Metric of a retraining candidate's publication: the labels it was trained on. */
  static final String LABELS_METRIC = "retrain.labels";

  private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);
  private static final Duration LABELS_TIMEOUT = Duration.ofSeconds(60);
  private static final int CHECK_BATCH = 4;
  private static final int MIN_VAL_CLIPS = 16;
  private static final int MAX_DEAD_LETTER_BYTES = 64 * 1024 * 1024;

  /** How a run ended. */
  public enum Outcome {
    /** The candidate passed the gate and serves. */
    PROMOTED,
    /** The candidate was published and rejected by the gate; the serving model stays. */
    REJECTED,
    /** Fewer new labels than {@code --min-labels}: nothing trained, nothing committed. */
    NOT_ENOUGH_LABELS
  }

  private final RetrainOptions options;

  public RetrainJob(RetrainOptions options) {
    this.options = options;
  }

  /**
   * Runs once.
   *
   * @throws RegistryException if no version serves or the registry cannot be used
   * @throws IOException if the serving package has no trainer state, or a file cannot be written
   */
  public RetrainReport run() throws IOException {
    long start = System.nanoTime();
    Path work = options.workDir();
    if (FileTrees.isNonEmptyDirectory(work)) {
      throw new IOException(
          "work directory " + work + " is not empty: give each run a directory of its own");
    }
    try (ModelRegistry registry = KafkaRegistry.open(options.registry());
        LabelReader reader =
            new LabelReader(
                options.kafka(), options.labelsTopic(), options.group(), LABELS_TIMEOUT)) {
      rejectOrphans(registry);
      String serving =
          registry
              .state()
              .serving()
              .orElseThrow(
                  () ->
                      new RegistryException(
                          RegistryException.Reason.NO_SERVING_VERSION,
                          "no version serves: promote one before retraining"));
      ModelPackage current = registry.fetch(serving, work.resolve("packages"));
      Path servingRun =
          ModelPackageExporter.trainerState(current.directory(), work.resolve("serving"));
      TrainedModel trained = TrainedModel.read(servingRun);
      ModelConfig model = trained.model().toModelConfig();
      ClipShape shape = new ClipShape(model.frames(), model.height(), model.width());
      LabelReader.Labels read = reader.read(trained.propertySchema(), shape, options.maxLabels());
      List<LabelledClip> labels = read.labels();
      LOG.info(
          "serving {}; {} new labels, {} skipped {}",
          serving,
          labels.size(),
          read.skippedCount(),
          read.skipped());
      if (labels.size() < options.minLabels()) {
        RetrainReport report =
            new RetrainReport(
                Outcome.NOT_ENOUGH_LABELS,
                serving,
                null,
                labels.size(),
                0,
                read.skipped(),
                0,
                Map.of(),
                Map.of(),
                List.of(labels.size() + " usable labels, --min-labels is " + options.minLabels()),
                seconds(start));
        report.write(work);
        return report;
      }
      List<LabelledClip> train = new ArrayList<>();
      List<LabelledClip> heldBack = new ArrayList<>();
      for (int i = 0; i < labels.size(); i++) {
        boolean hold = Math.floor((i + 1) * options.holdout()) > Math.floor(i * options.holdout());
        (hold ? heldBack : train).add(labels.get(i));
      }
      if (heldBack.isEmpty()) {
        heldBack.add(train.remove(train.size() - 1));
      }

      TrainConfig config =
          new TrainConfig(
              options.config().data(),
              trained.model(),
              options.config().training(),
              new TrainConfig.Output(work.resolve("candidate").toString()));
      Map<Partition, List<LabelledClip>> training = new EnumMap<>(Partition.class);
      Map<Partition, List<LabelledClip>> evaluation = new EnumMap<>(Partition.class);
      int replayCount = (int) Math.round(options.replayRatio() * train.size());
      try (ClipSource replay = DataSources.open(config)) {
        List<LabelledClip> replayTrain = take(replay, Partition.TRAIN, replayCount);
        training.put(Partition.TRAIN, concat(train, replayTrain));
        training.put(Partition.VAL, concat(heldBack, take(replay, Partition.VAL, heldBack.size())));
        evaluation.put(Partition.VAL, heldBack);
        evaluation.put(Partition.TEST, take(replay, Partition.TEST, options.evalClips()));
        evaluation.put(Partition.TEST_COMP, take(replay, Partition.TEST_COMP, options.evalClips()));
        replayCount = replayTrain.size();
      }
      MemoryClipSource evalSet = new MemoryClipSource(trained.propertySchema(), shape, evaluation);
      int batch = config.training().batchSize();
      Path candidateRun = work.resolve("candidate");
      fineTune(
          trained,
          config,
          servingRun,
          candidateRun,
          new MemoryClipSource(trained.propertySchema(), shape, training),
          serving,
          train.size());
      Map<String, Double> before = metrics(ModelEvaluation.evaluate(servingRun, evalSet, batch));
      List<EvaluationResult> candidateResults =
          renamed(ModelEvaluation.evaluate(candidateRun, evalSet, batch));
      EvaluationReport.write(candidateResults, candidateRun);
      Map<String, Double> after = metrics(candidateResults);
      Gate.Decision decision = options.gate().decide(before, after);

      ModelPackage candidate =
          new ModelPackageExporter(Clock.systemUTC())
              .export(
                  candidateRun,
                  work.resolve("package"),
                  current.manifest().name(),
                  options.version());
      String version = candidate.manifest().version();
      // unusable labels reach the dead-letter topic before anything is recorded in the registry
      sendDeadLetters(read);
      Map<String, Double> data =
          Map.of(LABELS_METRIC, (double) train.size(), "retrain.replay", (double) replayCount);
      registry.publish(
          candidate.directory(),
          new Change(
              options.actor(),
              "retrained from " + serving + " on " + train.size() + " new labels",
              data));
      Map<String, Double> judged = new LinkedHashMap<>(decision.deltas());
      judged.putAll(data);
      List<String> why = new ArrayList<>(decision.reasons());
      String now = registry.state().serving().orElse(null);
      boolean passed = decision.passed();
      if (!serving.equals(now)) {
        passed = false; // judged against a model that no longer serves: a person decided since
        why.add(0, "the serving version changed during the run (" + serving + " -> " + now + ")");
      }
      String reasons = String.join("; ", why);
      if (passed) {
        registry.promote(version, new Change(options.actor(), "gate passed: " + reasons, judged));
      } else {
        registry.reject(version, new Change(options.actor(), "gate failed: " + reasons, judged));
      }
      reader.commit(); // only now: a run that died before this point is done again
      Outcome outcome = passed ? Outcome.PROMOTED : Outcome.REJECTED;
      LOG.info("{} {}: {}", outcome, version, reasons);
      RetrainReport report =
          new RetrainReport(
              outcome,
              serving,
              version,
              train.size(),
              heldBack.size(),
              read.skipped(),
              replayCount,
              before,
              after,
              why,
              seconds(start));
      report.write(work);
      return report;
    }
  }

  /**
   * Rejects the candidates a run of this actor published but never decided: it stopped between
   * publishing and its gate decision, so its labels were not committed and this run reads them
   * again. Such a candidate is {@code AVAILABLE}, published by {@link RetrainOptions#actor()} with
   * {@value #LABELS_METRIC} among its metrics, and has no event but its publication.
   */
  private void rejectOrphans(ModelRegistry registry) {
    RegistryState state = registry.state();
    for (ModelVersion v : state.versions()) {
      if (v.status() == ModelVersion.Status.AVAILABLE
          && options.actor().equals(v.publishedBy())
          && v.metrics().containsKey(LABELS_METRIC)
          && state.events(v.version()).size() == 1) {
        registry.reject(
            v.version(),
            new Change(
                options.actor(),
                "undecided: the run that published it stopped before its gate decision; its"
                    + " labels are read again by the next run",
                Map.of()));
        LOG.warn("rejected {}, the undecided candidate of a run that stopped", v.version());
      }
    }
  }

  /**
   * Sends the unusable label records to the dead-letter topic, before their offsets are committed.
   */
  private void sendDeadLetters(LabelReader.Labels read) {
    if (options.dlqTopic() == null || read.deadLetters().isEmpty()) {
      return;
    }
    Map<String, Object> p = new LinkedHashMap<>(options.kafka());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_DEAD_LETTER_BYTES);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (DeadLetter d : read.deadLetters()) {
        sent.add(
            producer.send(
                new ProducerRecord<>(options.dlqTopic(), null, d.key(), d.value(), d.headers())));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get(); // a dead letter that cannot be written stops the run before any commit
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing dead letters", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot write a dead letter to " + options.dlqTopic() + ": " + e.getCause(), e);
    }
    LOG.info("{} unusable labels sent to {}", read.deadLetters().size(), options.dlqTopic());
  }

  private void fineTune(
      TrainedModel trained,
      TrainConfig config,
      Path servingRun,
      Path candidateRun,
      ClipSource data,
      String serving,
      int labels)
      throws IOException {
    ModelConfig model = trained.model().toModelConfig();
    Engines.checkModel(model, data.schema(), Math.min(config.training().batchSize(), CHECK_BATCH));
    boolean masking = Boolean.TRUE.equals(trained.training().get("masking"));
    TrainingOptions training = config.training().supervisedOptions().withMasking(masking);
    Path best = candidateRun.resolve(TrainedModel.PARAMETERS);
    try (SupervisedTrainer trainer =
        new SupervisedTrainer(
            new ActionModel(model, data.schema()),
            training,
            trained.normalisation(),
            options.progress(),
            InitialWeights.parameters(servingRun.resolve(TrainedModel.PARAMETERS)))) {
      java.nio.file.Files.createDirectories(candidateRun);
      List<EpochMetrics> epochs = new ArrayList<>();
      trainer.fit(
          data,
          1,
          EarlyStopping.fresh(),
          (metrics, state) -> {
            epochs.add(metrics);
            if (state.isBest(metrics.epoch())) {
              try {
                trainer.saveParameters(best);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          });
      TrainingPlots.write(epochs, candidateRun);
    }
    Map<String, Object> provenance = new LinkedHashMap<>(trained.training());
    provenance.put("retrained_from", serving);
    provenance.put("retrain_labels", labels);
    provenance.put("epochs", training.epochs());
    provenance.put("learning_rate", training.learningRate());
    new TrainedModel(trained.model(), trained.schema(), trained.normalisation(), provenance)
        .write(candidateRun);
  }

  /** The held-back labels' results are named {@code labels} instead of {@code val}. */
  private static List<EvaluationResult> renamed(List<EvaluationResult> results) {
    return results.stream()
        .map(r -> r.partition().equals("val") ? r.renamed("labels") : r)
        .toList();
  }

  private static Map<String, Double> metrics(List<EvaluationResult> results) {
    Map<String, Double> all = new LinkedHashMap<>();
    renamed(results).forEach(r -> all.putAll(r.metrics()));
    return all;
  }

  private static List<LabelledClip> take(ClipSource source, Partition partition, int n) {
    try (Stream<LabelledClip> clips = source.stream(partition)) {
      return clips.limit(n).collect(Collectors.toList());
    }
  }

  private static List<LabelledClip> concat(List<LabelledClip> a, List<LabelledClip> b) {
    List<LabelledClip> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
