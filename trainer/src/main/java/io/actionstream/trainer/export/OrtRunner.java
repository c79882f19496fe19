package io.actionstream.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an ONNX graph in ONNX Runtime (CPU, one intra-op thread), for the export's parity check.
 * Inputs are direct, native-order float buffers; every tensor and result is closed.
 */
final class OrtRunner implements AutoCloseable {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  OrtRunner(byte[] model) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      session = ENV.createSession(model, options);
    }
  }

  OrtSession session() {
    return session;
  }

  /** A named float32 input. */
  record Input(String name, float[] values, long... shape) {}

  /** Runs the graph and returns every output as a flat float array, by name. */
  Map<String, float[]> run(Input... inputs) throws OrtException {
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    try {
      for (Input in : inputs) {
        FloatBuffer buffer =
            ByteBuffer.allocateDirect(in.values().length * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        buffer.put(in.values()).rewind();
        tensors.put(in.name(), OnnxTensor.createTensor(ENV, buffer, in.shape()));
      }
      Map<String, float[]> outputs = new LinkedHashMap<>();
      try (OrtSession.Result result = session.run(tensors)) {
        for (Map.Entry<String, OnnxValue> e : result) {
          FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
          float[] values = new float[fb.remaining()];
          fb.get(values);
          outputs.put(e.getKey(), values);
        }
      }
      return outputs;
    } finally {
      for (OnnxTensor t : tensors.values()) {
        t.close();
      }
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
