package io.actionstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba) with bias correction and a fixed learning rate, whose moments and step
 * counts can be saved and restored. DJL's own Adam keeps its state private, so a run resumed from a
 * checkpoint would restart the moments and diverge from an uninterrupted run; with this optimizer a
 * resumed run computes exactly the same weights.
 *
 * <p>Works with the PyTorch engine (the trainer's only engine): like DJL's own optimizers there, it
 * clears each weight's gradient after its update.
 *
 * <p>State is saved by parameter <em>name</em> (the block's structure), since DJL parameter ids
 * differ between processes.
 */
public final class ResumableAdam extends Optimizer {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final float learningRate;
  private final Map<String, NDArray> mean = new HashMap<>();
  private final Map<String, NDArray> variance = new HashMap<>();
  private final Map<String, Integer> steps = new HashMap<>();

  /** Adam with learning rate {@code learningRate}. */
  public ResumableAdam(float learningRate) {
    super(new NoOptions());
    this.learningRate = learningRate;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    NDArray m = mean.computeIfAbsent(parameterId, id -> weight.zerosLike());
    NDArray v = variance.computeIfAbsent(parameterId, id -> weight.zerosLike());
    int t = steps.merge(parameterId, 1, Integer::sum);
    try (NDArray g1 = grad.mul(1 - BETA1)) {
      m.muli(BETA1).addi(g1);
    }
    try (NDArray g2 = grad.square()) {
      g2.muli(1 - BETA2);
      v.muli(BETA2).addi(g2);
    }
    double biasCorrection1 = 1 - Math.pow(BETA1, t);
    double biasCorrection2 = 1 - Math.pow(BETA2, t);
    try (NDArray denominator = v.sqrt()) {
      denominator.divi((float) Math.sqrt(biasCorrection2)).addi(EPSILON);
      try (NDArray step = m.div(denominator)) {
        step.muli((float) (learningRate / biasCorrection1));
        weight.subi(step);
      }
    }
    // Gradients accumulate until cleared; DJL's PyTorch optimizers clear them here too. Zeroing
    // (rather than g -= g) also clears a NaN or infinite gradient.
    JniUtils.zeroGrad((PtNDArray) weight);
  }

  /** Writes moments and step counts of {@code block}'s parameters. */
  public void save(Block block, DataOutputStream out) throws IOException {
    int present = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      present += steps.containsKey(p.getValue().getId()) ? 1 : 0;
    }
    out.writeInt(present);
    for (Pair<String, Parameter> p : block.getParameters()) {
      String id = p.getValue().getId();
      if (!steps.containsKey(id)) {
        continue;
      }
      out.writeUTF(p.getKey());
      out.writeInt(steps.get(id));
      writeArray(out, mean.get(id));
      writeArray(out, variance.get(id));
    }
  }

  /**
   * Restores state written by {@link #save} for {@code block}, whose parameters must have the same
   * names.
   *
   * @throws IOException if the stream names a parameter the block lacks
   */
  public void load(Block block, NDManager manager, DataInputStream in) throws IOException {
    Map<String, String> idByName = new HashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      idByName.put(p.getKey(), p.getValue().getId());
    }
    int entries = in.readInt();
    for (int i = 0; i < entries; i++) {
      String name = in.readUTF();
      String id = idByName.get(name);
      if (id == null) {
        throw new IOException(
            "optimizer state names parameter '" + name + "', which the model does not have");
      }
      steps.put(id, in.readInt());
      mean.put(id, readArray(manager, in));
      variance.put(id, readArray(manager, in));
    }
  }

  private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
    byte[] bytes = array.encode();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static NDArray readArray(NDManager manager, DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return NDArray.decode(manager, bytes);
  }

  /** The base class wants a builder; this optimizer has no options beyond the learning rate. */
  private static final class NoOptions extends OptimizerBuilder<NoOptions> {
    @Override
    protected NoOptions self() {
      return this;
    }
  }
}
