package io.actionstream.trainer.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.trainer.augment.MaskedAugmenter;
import io.actionstream.trainer.batch.ClipTensors;
import io.actionstream.trainer.engine.NonFinite;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.eval.Evaluator;
import io.actionstream.trainer.eval.SlotAccuracy;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.MaskedSlotLoss;
import io.actionstream.trainer.model.ModelConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised training of an {@link ActionModel} with Adam and the {@link MaskedSlotLoss}: one epoch
 * over the TRAIN partition, then validation on VAL. With masking on, every example gets a random
 * non-zero mask that is fed to the model and decides which slots the loss scores, and {@code
 * training.augment} changes the properties of the slots it leaves out ({@link MaskedAugmenter}).
 *
 * <p>Every batch runs in its own {@link NDManager} scope, so native memory does not grow across
 * steps. Deterministic on CPU for a given seed and data order.
 */
public final class SupervisedTrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SupervisedTrainer.class);

  private final ActionModel block;
  private final TrainingOptions options;
  private final ClipTensors tensors;
  private final Model model;
  private final Trainer trainer;
  private final ResumableAdam optimizer;
  private final MaskedSlotLoss loss;
  private MaskSampler masks;
  private MaskedAugmenter augmenter;
  private final boolean progress;

  /**
   * Creates the trainer and its model's weights: random from {@code options.seed()}, or loaded from
   * {@code start}.
   *
   * @param block the model to train
   * @param options training options
   * @param normalisation pixel normalisation applied to clips
   * @param progress whether to draw a progress bar on stderr
   * @param start where the weights start
   * @throws IOException if a weight file cannot be read or does not fit the model
   */
  public SupervisedTrainer(
      ActionModel block,
      TrainingOptions options,
      ModelManifest.Normalisation normalisation,
      boolean progress,
      InitialWeights start)
      throws IOException {
    this.block = block;
    this.options = options;
    this.progress = progress;
    ModelConfig config = block.config();
    this.tensors = new ClipTensors(config.frames(), config.height(), config.width(), normalisation);
    this.model = AdamTrainers.model("action", block, options.seed());
    this.loss = new MaskedSlotLoss(block);
    int k = block.schema().slotCount();
    this.optimizer = new ResumableAdam(options.learningRate());
    Shape[] shapes = {
      new Shape(options.batchSize(), config.frames(), 3, config.height(), config.width()),
      new Shape(options.batchSize(), k)
    };
    try {
      if (start.parameters() != null || start.encoder() != null) {
        block.initialize(model.getNDManager(), DataType.FLOAT32, shapes);
        if (start.parameters() != null) {
          Checkpoints.loadOrFail(block, model.getNDManager(), start.parameters());
        } else {
          Checkpoints.loadOrFail(block.encoder(), model.getNDManager(), start.encoder());
        }
      }
      this.trainer = AdamTrainers.trainer(model, loss, optimizer, shapes);
    } catch (IOException | RuntimeException e) {
      model.close(); // free the native parameters of a trainer that never came to be
      throw e;
    }
    if (options.freezeEncoder()) {
      block.encoder().freezeParameters(true);
    }
    this.masks = new MaskSampler(k, options.masking(), options.maskScope(), options.seed());
    this.augmenter = new MaskedAugmenter(options.augment(), block.schema(), options.seed());
  }

  /** The model being trained. */
  public ActionModel block() {
    return block;
  }

  /** The manager that owns the model's parameters. */
  public NDManager manager() {
    return model.getNDManager();
  }

  /** The clip-to-tensor conversion for this model's input size and normalisation. */
  public ClipTensors tensors() {
    return tensors;
  }

  /**
   * Runs one training step on {@code clips}.
   *
   * @return the batch's mean loss
   */
  public float step(List<LabelledClip> clips) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      List<SlotMask> drawn = masks.next(clips.size());
      ClipTensors.Batch batch = tensors.batch(scope, augmenter.apply(clips, drawn), drawn);
      float value;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList out = trainer.forward(batch.inputs());
        NDArray l = loss.evaluate(batch.labels(), out);
        value = l.getFloat();
        collector.backward(l);
      }
      NonFinite.requireFiniteStep(value, block);
      trainer.step();
      return value;
    }
  }

  /**
   * Trains one epoch over {@code train}.
   *
   * @return mean loss and throughput
   */
  public EpochResult trainEpoch(Stream<LabelledClip> train, long expectedClips, int epoch) {
    // Masks and augmentations depend on (seed, epoch) only, so a resumed run draws the same ones.
    masks =
        new MaskSampler(
            block.schema().slotCount(),
            options.masking(),
            options.maskScope(),
            options.seed() * 1_000_003L + epoch);
    augmenter =
        new MaskedAugmenter(options.augment(), block.schema(), options.seed() * 1_000_037L + epoch);
    return EpochLoop.run(
        train,
        "epoch " + epoch,
        expectedClips,
        options.batchSize(),
        options.maxBatchesPerEpoch(),
        progress,
        this::step);
  }

  /** Evaluates {@code clips} with the all-ones mask. */
  public EvaluationResult evaluate(String partition, Stream<LabelledClip> clips) {
    return new Evaluator(block, tensors, options.batchSize())
        .evaluate(model.getNDManager(), partition, clips, options.maxEvalBatches());
  }

  /**
   * Trains for up to {@code options.epochs()} epochs with early stopping on validation loss,
   * starting at epoch {@code firstEpoch} (greater than 1 when resuming).
   *
   * @param data clips with TRAIN and VAL partitions
   * @param firstEpoch 1, or the epoch after a resumed checkpoint
   * @param state early-stopping state carried over from a checkpoint (or {@link
   *     EarlyStopping#fresh})
   * @param afterEpoch called after each epoch with its metrics and the early-stopping state
   *     (checkpointing, logging)
   */
  public EarlyStopping fit(
      ClipSource data,
      int firstEpoch,
      EarlyStopping state,
      BiConsumer<EpochMetrics, EarlyStopping> afterEpoch) {
    long trainCount = requireTrainAndVal(data);
    for (int epoch = firstEpoch; epoch <= options.epochs() && !state.shouldStop(); epoch++) {
      long start = System.nanoTime();
      EpochResult train;
      try (Stream<LabelledClip> clips = shuffled(data.stream(Partition.TRAIN), options, epoch)) {
        train = trainEpoch(clips, trainCount, epoch);
      }
      EvaluationResult val;
      try (Stream<LabelledClip> clips = data.stream(Partition.VAL)) {
        val = evaluate("val", clips);
      }
      state = state.after(epoch, val.meanLoss(), options.patience());
      Map<String, Double> slots = new LinkedHashMap<>();
      for (SlotAccuracy s : val.slots()) {
        slots.put(s.slot(), s.accuracy());
      }
      EpochMetrics metrics =
          new EpochMetrics(
              epoch,
              train.meanLoss(),
              val.meanLoss(),
              val.sentenceAccuracy(),
              slots,
              train.samplesPerSecond(),
              (System.nanoTime() - start) / 1e9);
      LOG.info(
          String.format(
              Locale.ROOT,
              "epoch %d: train loss %.4f, val loss %.4f, val sentence acc %.3f, %.1f samples/s",
              epoch,
              train.meanLoss(),
              val.meanLoss(),
              val.sentenceAccuracy(),
              train.samplesPerSecond()));
      afterEpoch.accept(metrics, state);
    }
    return state;
  }

  /**
   * The training clips of an epoch in shuffled order, deterministic per (seed, epoch) so a resumed
   * run sees the same order.
   */
  public static Stream<LabelledClip> shuffled(
      Stream<LabelledClip> clips, TrainingOptions options, int epoch) {
    return ShuffleBuffer.shuffle(
        clips, options.shuffleBuffer(), options.seed() * 1_000_033L + epoch);
  }

  /**
   * Checks that {@code data} has training and validation clips (early stopping and the best model
   * need validation) and returns the number of training clips.
   *
   * @throws IllegalArgumentException naming the empty partition
   */
  public static long requireTrainAndVal(ClipSource data) {
    long train = data.count(Partition.TRAIN);
    if (train == 0) {
      throw new IllegalArgumentException("the data has no TRAIN clips in the chosen split");
    }
    if (data.count(Partition.VAL) == 0) {
      throw new IllegalArgumentException(
          "the data has no VAL clips in the chosen split: validation picks the best epoch and"
              + " stops early; add clips with split 'val'");
    }
    return train;
  }

  /** Writes the model's parameters. */
  public void saveParameters(java.nio.file.Path file) throws IOException {
    Checkpoints.saveParameters(block, file);
  }

  /** Writes the optimizer's state (Adam moments and step counts). */
  public void saveOptimizer(java.nio.file.Path file) throws IOException {
    Checkpoints.write(file, out -> optimizer.save(block, out));
  }

  /** Restores optimizer state written by {@link #saveOptimizer}. */
  public void loadOptimizer(java.nio.file.Path file) throws IOException {
    Checkpoints.read(file, in -> optimizer.load(block, model.getNDManager(), in));
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
