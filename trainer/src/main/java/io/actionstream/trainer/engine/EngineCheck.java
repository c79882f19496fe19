package io.actionstream.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ConvLstmCell;
import io.actionstream.trainer.model.ModelConfig;
import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that DJL's PyTorch engine computes right on this processor before anything is trained or
 * exported with it (issue 13: a native build computed float32 convolutions wrong on one processor
 * and silently trained NaN there). Two levels:
 *
 * <ul>
 *   <li>{@link #checkOperations}: convolutions of awkward channel counts (3 to 100, 3×3 and 5×5), a
 *       matrix product and two ConvLSTM steps against plain-Java float64 loops ({@link
 *       ReferenceMath}), and the convolutions' gradients against the engine's own float64 path. Run
 *       once per process by {@link Engines#pytorch()}; well under a second.
 *   <li>{@link #checkModel}: the model that is about to be trained, at its own layer shapes,
 *       forward and backward in float32 against the same model in float64.
 * </ul>
 *
 * A result passes when {@code max |engine − reference| <= TOLERANCE · max |reference| + 1e-6}.
 * Correct float32 kernels measure about 1e-6; the faults seen were errors of order 1.
 */
public final class EngineCheck {
  /** Largest error allowed, relative to the reference's largest magnitude. */
  public static final double TOLERANCE = 1e-3;

  private static final Logger LOG = LoggerFactory.getLogger(EngineCheck.class);

  /** Input channel counts around the multiples of 16 where faulty kernels were seen (issue 13). */
  private static final int[] CHANNELS = {3, 10, 14, 16, 18, 32, 36, 68, 96, 100};

  private static final int[] KERNELS = {3, 5};
  private static final int[] GATE_CHANNELS = {18, 36, 68, 100};

  private EngineCheck() {}

  /** One computation on the engine and its reference, flattened. */
  record Probe(
      String operation,
      String reference,
      Function<NDManager, double[]> engine,
      Function<NDManager, double[]> expected) {}

  /**
   * Runs the generic operation checks on {@code manager}'s engine.
   *
   * @throws EngineFaultException naming the first operation that is wrong
   */
  public static void checkOperations(NDManager manager) {
    long start = System.nanoTime();
    List<Probe> probes = new ArrayList<>();
    Random random = new Random(13);
    for (int cin : CHANNELS) {
      for (int k : KERNELS) {
        probes.addAll(convolution(random, 3, cin, 32, 8, k));
      }
    }
    for (int cin : GATE_CHANNELS) { // ConvLSTM gate convolutions: 4 · 32 output channels
      probes.addAll(convolution(random, 3, cin, 128, 16, 3));
    }
    // the default training batch: oneDNN may choose other kernels for larger minibatches
    probes.addAll(convolution(random, 16, 68, 128, 8, 3));
    probes.add(matMul(random, 5, 70, 9));
    probes.add(convLstmSteps(random, 2, 4, 8, 6));
    run(manager, probes);
    LOG.debug(
        "engine check: {} operations right in {} ms",
        probes.size(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Runs the model of {@code config} and {@code schema} at its own layer shapes (batch {@code
   * batch}) forward and backward in float32 and in float64 from the same weights and inputs, and
   * compares every output and every parameter's gradient.
   *
   * @throws EngineFaultException naming the first output or gradient that is wrong
   */
  public static void checkModel(ModelConfig config, PropertySchema schema, int batch) {
    long start = System.nanoTime();
    int k = schema.slotCount();
    Shape clip = new Shape(batch, config.frames(), 3, config.height(), config.width());
    Shape mask = new Shape(batch, k);
    Random random = new Random(17);
    float[] clipValues = gaussian(random, (int) clip.size(), 1);
    float[] maskValues = new float[(int) mask.size()];
    for (int i = 0; i < maskValues.length; i++) {
      maskValues[i] = random.nextBoolean() || i % k == 0 ? 1 : 0;
    }
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      Run single = new Run(config, schema, manager, DataType.FLOAT32, clip, mask);
      Run dbl = new Run(config, schema, manager, DataType.FLOAT64, clip, mask);
      dbl.copyWeightsFrom(single);
      float[][] weights = new float[k][];
      single.forwardBackward(clipValues, maskValues, weights, random);
      dbl.forwardBackward(clipValues, maskValues, weights, random);
      String shapes = " (batch " + batch + ", model's own shapes)";
      for (int i = 0; i < single.outputs.size(); i++) {
        require(
            "model output " + i + shapes,
            "the same model in float64",
            single.outputs.get(i),
            dbl.outputs.get(i));
      }
      for (int i = 0; i < single.gradients.size(); i++) {
        require(
            "gradient of " + single.block.getParameters().keyAt(i) + shapes,
            "the same model in float64",
            single.gradients.get(i),
            dbl.gradients.get(i));
      }
    }
    LOG.info(
        "engine check: the model's forward and backward pass agree with float64 ({} ms)",
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Runs {@code probes} in order and throws at the first wrong one. */
  static void run(NDManager manager, List<Probe> probes) {
    for (Probe probe : probes) {
      try (NDManager scope = manager.newSubManager()) {
        require(
            probe.operation(),
            probe.reference(),
            probe.engine().apply(scope),
            probe.expected().apply(scope));
      }
    }
  }

  /** Throws an {@link EngineFaultException} unless {@code actual} is close to {@code expected}. */
  static void require(String operation, String reference, double[] actual, double[] expected) {
    if (actual.length != expected.length) {
      throw fault(operation, reference, actual.length + " values instead of " + expected.length);
    }
    double maxError = 0;
    double scale = 0;
    for (int i = 0; i < actual.length; i++) {
      double error = Math.abs(actual[i] - expected[i]);
      maxError = Double.isNaN(error) ? Double.POSITIVE_INFINITY : Math.max(maxError, error);
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    double allowed = TOLERANCE * scale + 1e-6;
    if (!(maxError <= allowed)) {
      boolean nan = maxError == Double.POSITIVE_INFINITY;
      throw fault(
          operation,
          reference,
          String.format(
              Locale.ROOT,
              "max |error| %s, allowed %.2e",
              nan ? "NaN or infinite" : String.format(Locale.ROOT, "%.3g", maxError),
              allowed));
    }
  }

  private static EngineFaultException fault(String operation, String reference, String detail) {
    Engine engine = Engine.getEngine(Engines.PYTORCH);
    boolean oneDnn = TorchBackends.oneDnnEnabled();
    String finding =
        String.format(
            Locale.ROOT,
            "DJL's %s engine %s (oneDNN %s) computes wrong results on this processor (%s):"
                + " %s differs from %s: %s",
            engine.getEngineName(),
            engine.getVersion(),
            oneDnn ? "on" : "off",
            processor(),
            operation,
            reference,
            detail);
    String advice =
        ". Training here would give NaN or a wrong model, so the trainer refuses to run. "
            + (oneDnn
                ? "Set -D" + Engines.ONEDNN_PROPERTY + "=auto or off and try again."
                : "Please report it with this message.")
            + " See docs/training.md, \"Engine check\".";
    return new EngineFaultException(finding, advice);
  }

  /** The processor's model name from /proc/cpuinfo, or the architecture if it cannot be read. */
  public static String processor() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  private static List<Probe> convolution(
      Random random, int batch, int cin, int cout, int size, int k) {
    Conv conv =
        new Conv(
            new Shape(batch, cin, size, size),
            gaussian(random, batch * cin * size * size, 1),
            new Shape(cout, cin, k, k),
            gaussian(random, cout * cin * k * k, 1 / Math.sqrt(cin * k * k)),
            gaussian(random, cout, 0.1));
    float[] r = gaussian(random, batch * cout * size * size, 1);
    String name =
        String.format(
            Locale.ROOT,
            "conv2d [%d, %d, %d, %d] with %d×%d kernel to %d channels",
            batch,
            cin,
            size,
            size,
            k,
            k,
            cout);
    Probe forward =
        new Probe(
            "float32 " + name,
            "a plain-Java loop",
            m -> toDoubles(conv.apply(m, DataType.FLOAT32, false)[0]),
            m -> ReferenceMath.conv2d(conv.x, batch, cin, size, size, conv.w, conv.b, cout, k));
    List<Probe> probes = new ArrayList<>(List.of(forward));
    // input and weight gradients apart: their magnitudes differ, and so do their tolerances
    for (int leaf = 1; leaf <= 2; leaf++) {
      int which = leaf;
      probes.add(
          new Probe(
              "float32 " + (which == 1 ? "input" : "weight") + " gradient of " + name,
              "the same gradient in float64",
              m -> conv.gradient(m, DataType.FLOAT32, r, which),
              m -> conv.gradient(m, DataType.FLOAT64, r, which)));
    }
    return probes;
  }

  /**
   * One stride-1, same-padding convolution's data: input {@code x} of shape {@code xs}, weight
   * {@code w} of shape {@code ws} ({@code [cout, cin, k, k]}), bias {@code b}.
   */
  private record Conv(Shape xs, float[] x, Shape ws, float[] w, float[] b) {
    /**
     * Runs it in {@code type}: returns {@code {output, input, weight}}, the last two tracking
     * gradients when {@code withGradients}.
     */
    NDArray[] apply(NDManager m, DataType type, boolean withGradients) {
      NDArray input = m.create(x, xs).toType(type, false);
      NDArray weight = m.create(w, ws).toType(type, false);
      input.setRequiresGradient(withGradients);
      weight.setRequiresGradient(withGradients);
      int k = (int) ws.get(2);
      Shape pad = new Shape(k / 2, k / 2);
      NDArray y =
          Conv2d.conv2d(
                  input,
                  weight,
                  m.create(b).toType(type, false),
                  new Shape(1, 1),
                  pad,
                  new Shape(1, 1),
                  1)
              .singletonOrThrow();
      return new NDArray[] {y, input, weight};
    }

    /**
     * The gradient of {@code sum(conv(x) * r)} in {@code type} with respect to the input ({@code
     * leaf} 1) or the weight (2).
     */
    double[] gradient(NDManager m, DataType type, float[] r, int leaf) {
      try (GradientCollector collector = m.getEngine().newGradientCollector()) {
        NDArray[] run = apply(m, type, true);
        NDArray y = run[0];
        collector.backward(y.mul(m.create(r, y.getShape()).toType(type, false)).sum());
        return toDoubles(run[leaf].getGradient());
      }
    }
  }

  private static Probe matMul(Random random, int n, int m, int p) {
    float[] a = gaussian(random, n * m, 1);
    float[] b = gaussian(random, m * p, 1);
    return new Probe(
        String.format(Locale.ROOT, "float32 matMul [%d, %d] × [%d, %d]", n, m, m, p),
        "a plain-Java loop",
        mgr -> toDoubles(mgr.create(a, new Shape(n, m)).matMul(mgr.create(b, new Shape(m, p)))),
        mgr -> ReferenceMath.matMul(a, b, n, m, p));
  }

  /** Two steps of a {@link ConvLstmCell} from a zero state, compared after the second. */
  private static Probe convLstmSteps(Random random, int batch, int cin, int hidden, int size) {
    int plane = size * size;
    float[] x1 = gaussian(random, batch * cin * plane, 1);
    float[] x2 = gaussian(random, batch * cin * plane, 1);
    int fanIn = (cin + hidden) * 9;
    float[] w = gaussian(random, 4 * hidden * fanIn, 1 / Math.sqrt(fanIn));
    float[] b = gaussian(random, 4 * hidden, 0.1);
    Shape xs = new Shape(batch, cin, size, size);
    return new Probe(
        String.format(
            Locale.ROOT,
            "two float32 ConvLSTM steps (input [%d, %d, %d, %d], %d hidden channels)",
            batch,
            cin,
            size,
            size,
            hidden),
        "a plain-Java loop",
        m -> {
          ConvLstmCell cell = ConvLstmCell.builder().setHiddenChannels(hidden).build();
          cell.initialize(m, DataType.FLOAT32, xs, xs, xs);
          PairList<String, Parameter> params = cell.gatesLayer().getParameters();
          params.get("weight").getArray().set(FloatBuffer.wrap(w));
          params.get("bias").getArray().set(FloatBuffer.wrap(b));
          ParameterStore store = new ParameterStore(m, false);
          NDArray h = cell.zeroState(m, DataType.FLOAT32, batch, size, size);
          NDArray c = cell.zeroState(m, DataType.FLOAT32, batch, size, size);
          NDList state = new NDList(h, c);
          for (float[] x : new float[][] {x1, x2}) {
            state =
                cell.forward(store, new NDList(m.create(x, xs), state.get(0), state.get(1)), false);
          }
          return concat(toDoubles(state.get(0)), toDoubles(state.get(1)));
        },
        m -> {
          float[] zero = new float[batch * hidden * plane];
          double[][] s1 =
              ReferenceMath.convLstmStep(x1, zero, zero, batch, cin, hidden, size, w, b, 3);
          double[][] s2 =
              ReferenceMath.convLstmStep(
                  x2, toFloats(s1[0]), toFloats(s1[1]), batch, cin, hidden, size, w, b, 3);
          return concat(s2[0], s2[1]);
        });
  }

  /** One copy of the action model in one data type, with the outputs and gradients of a pass. */
  private static final class Run {
    final ActionModel block;
    final DataType type;
    final NDManager manager;
    final Shape clipShape;
    final Shape maskShape;
    final List<double[]> outputs = new ArrayList<>();
    final List<double[]> gradients = new ArrayList<>();

    Run(
        ModelConfig config,
        PropertySchema schema,
        NDManager manager,
        DataType type,
        Shape clip,
        Shape mask) {
      this.block = new ActionModel(config, schema);
      this.type = type;
      this.manager = manager;
      this.clipShape = clip;
      this.maskShape = mask;
      block.initialize(manager, type, clip, mask);
    }

    void copyWeightsFrom(Run other) {
      PairList<String, Parameter> mine = block.getParameters();
      PairList<String, Parameter> theirs = other.block.getParameters();
      for (int i = 0; i < mine.size(); i++) {
        NDArray source = theirs.valueAt(i).getArray().toType(type, false);
        mine.valueAt(i).getArray().set(DoubleBuffer.wrap(source.toDoubleArray()));
        source.close();
      }
    }

    /** Forward, then backward of {@code sum_k(out_k · r_k)} with {@code r} drawn on first use. */
    void forwardBackward(float[] clip, float[] mask, float[][] weights, Random random) {
      PairList<String, Parameter> params = block.getParameters();
      try (NDManager scope = manager.newSubManager();
          GradientCollector collector = Engines.pytorch().newGradientCollector()) {
        for (Parameter p : params.values()) {
          p.getArray().setRequiresGradient(true);
        }
        ParameterStore store = new ParameterStore(scope, false);
        NDList out =
            block.forward(
                store,
                new NDList(
                    scope.create(clip, clipShape).toType(type, false),
                    scope.create(mask, maskShape).toType(type, false)),
                true);
        NDArray loss = null;
        for (int i = 0; i < out.size(); i++) {
          NDArray o = out.get(i);
          if (weights[i] == null) {
            weights[i] = gaussian(random, (int) o.size(), 1);
          }
          NDArray term = o.mul(scope.create(weights[i], o.getShape()).toType(type, false)).sum();
          loss = loss == null ? term : loss.add(term);
          outputs.add(toDoubles(o));
        }
        collector.backward(loss);
        for (Parameter p : params.values()) {
          gradients.add(toDoubles(p.getArray().getGradient()));
        }
      }
    }
  }

  private static float[] gaussian(Random random, int n, double std) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }

  private static double[] toDoubles(NDArray array) {
    return array.toType(DataType.FLOAT64, false).toDoubleArray();
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
