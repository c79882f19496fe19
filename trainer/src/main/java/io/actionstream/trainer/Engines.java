package io.actionstream.trainer;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine without touching the network. The native library comes from the
 * {@code pytorch-native-cpu} classifier jar on the class path; {@code ai.djl.offline=true} makes
 * any attempt to download one fail instead of reaching out.
 */
public final class Engines {
  /** The engine name DJL registers for PyTorch. */
  public static final String PYTORCH = "PyTorch";

  private Engines() {}

  /**
   * Returns the PyTorch engine, forcing offline mode first.
   *
   * @throws IllegalStateException if the native library cannot be loaded from the class path
   */
  public static Engine pytorch() {
    System.setProperty("ai.djl.offline", "true");
    try {
      return Engine.getEngine(PYTORCH);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "DJL could not load the PyTorch engine offline; is ai.djl.pytorch:pytorch-native-cpu"
              + " (classifier linux-x86_64) on the class path?",
          e);
    }
  }
}
