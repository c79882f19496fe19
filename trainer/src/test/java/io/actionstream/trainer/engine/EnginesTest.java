package io.actionstream.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EnginesTest {

  @Test
  void shouldLoadPytorchEngineOfflineAndComputeOnCpu() {
    Engine engine = Engines.pytorch();
    assertEquals("PyTorch", engine.getEngineName());
    assertTrue(engine.getVersion().startsWith("2.7.1"), engine.getVersion());
    try (NDManager manager = engine.newBaseManager()) {
      NDArray a = manager.create(new float[] {1, 2, 3, 4}).reshape(2, 2);
      NDArray product = a.matMul(a);
      assertArrayEquals(new float[] {7, 10, 15, 22}, product.toFloatArray());
      assertEquals("cpu()", product.getDevice().toString());
    }
  }
}
