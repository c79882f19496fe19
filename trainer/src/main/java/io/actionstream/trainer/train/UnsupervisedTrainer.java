package io.actionstream.trainer.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.trainer.batch.ClipBatches;
import io.actionstream.trainer.batch.ClipTensors;
import io.actionstream.trainer.engine.NonFinite;
import io.actionstream.trainer.model.ModelConfig;
import io.actionstream.trainer.model.NextFramePredictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unsupervised pre-training by next-frame prediction: the {@link NextFramePredictor} learns to
 * predict frame t+1 from the encoder state after frame t, with a mean-squared pixel loss on
 * (normalised) frames. Labels are not used. The trained encoder is saved on its own so that
 * supervised training can start from it.
 */
public final class UnsupervisedTrainer implements AutoCloseable {
  private final NextFramePredictor block;
  private final TrainingOptions options;
  private final ClipTensors tensors;
  private final Model model;
  private final Trainer trainer;
  private final ResumableAdam optimizer;
  private final int slots;
  private final boolean progress;

  /**
   * Creates and initialises the predictor.
   *
   * @param block the predictor to train
   * @param slots K, the mask width the encoder is built for
   */
  public UnsupervisedTrainer(
      NextFramePredictor block,
      int slots,
      TrainingOptions options,
      ModelManifest.Normalisation normalisation,
      boolean progress) {
    this.block = block;
    this.options = options;
    this.slots = slots;
    this.progress = progress;
    ModelConfig config = block.encoder().config();
    this.tensors = new ClipTensors(config.frames(), config.height(), config.width(), normalisation);
    this.model = AdamTrainers.model("next-frame", block, options.seed());
    this.optimizer = new ResumableAdam(options.learningRate());
    this.trainer =
        AdamTrainers.trainer(
            model,
            Loss.l2Loss("next_frame_mse", 1f),
            optimizer,
            new Shape(options.batchSize(), config.frames(), 3, config.height(), config.width()),
            new Shape(options.batchSize(), slots));
  }

  /** The predictor being trained. */
  public NextFramePredictor block() {
    return block;
  }

  /** Runs one step on {@code clips}; returns the batch's mean squared error per pixel. */
  public float step(List<LabelledClip> clips) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      NDList inputs = inputs(scope, clips);
      float value;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDArray predicted = trainer.forward(inputs).singletonOrThrow();
        NDArray loss = mse(predicted, inputs.get(0));
        value = loss.getFloat();
        collector.backward(loss);
      }
      NonFinite.requireFiniteStep(value, block);
      trainer.step();
      return value;
    }
  }

  /** Trains one epoch over {@code clips}. */
  public EpochResult trainEpoch(Stream<LabelledClip> clips, long expectedClips, int epoch) {
    return EpochLoop.run(
        clips,
        "pre-train " + epoch,
        expectedClips,
        options.batchSize(),
        options.maxBatchesPerEpoch(),
        progress,
        this::step);
  }

  /** Mean squared error per pixel over {@code clips} without training. */
  public double validate(Stream<LabelledClip> clips) {
    double sum = 0;
    long n = 0;
    try (ClipBatches batches =
        new ClipBatches(clips, options.batchSize(), options.maxEvalBatches(), 2)) {
      while (batches.hasNext()) {
        List<LabelledClip> batch = batches.next();
        try (NDManager scope = trainer.getManager().newSubManager()) {
          NDList inputs = inputs(scope, batch);
          NDArray predicted =
              block.forward(new ParameterStore(scope, false), inputs, false).singletonOrThrow();
          sum += mse(predicted, inputs.get(0)).getFloat() * batch.size();
          n += batch.size();
        }
      }
    }
    return n == 0 ? Double.NaN : NonFinite.requireFinite(sum / n, "the next-frame error on val");
  }

  /** Predicted frames 1..T-1 of one clip, {@code [T-1, 3, H, W]} in normalised units. */
  public float[] predictFrames(LabelledClip clip) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      NDList inputs = inputs(scope, List.of(clip));
      return block
          .forward(new ParameterStore(scope, false), inputs, false)
          .singletonOrThrow()
          .toFloatArray();
    }
  }

  /** Saves the encoder's parameters, for {@code --unsupervised-model}. */
  public void saveEncoder(Path file) throws IOException {
    Checkpoints.saveParameters(block.encoder(), file);
  }

  private NDList inputs(NDManager scope, List<LabelledClip> clips) {
    NDArray clip = tensors.clips(scope, clips);
    NDArray mask = ClipTensors.masks(scope, Collections.nCopies(clips.size(), SlotMask.all(slots)));
    return new NDList(clip, mask);
  }

  private static NDArray mse(NDArray predicted, NDArray clip) {
    long frames = clip.getShape().get(1);
    NDArray target = clip.get(":, 1:" + frames);
    return predicted.sub(target).square().mean();
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
