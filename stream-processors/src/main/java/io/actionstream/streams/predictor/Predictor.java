package io.actionstream.streams.predictor;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import java.util.List;

/**
 * The boundary between the Kafka Streams topology and a model runtime. The inference service
 * implements it with ONNX Runtime; tests use a deterministic fake. The topology never loads models
 * itself.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li><b>Thread safety</b>: one instance is shared by every stream thread of a {@code
 *       KafkaStreams} instance; {@link #predict} may be called concurrently.
 *   <li><b>Input</b>: clips are uint8 RGB, {@code [t][y][x][rgb]} ({@link Clip#pixels()}), exactly
 *       of shape {@link #input()}; the topology checks the shape before calling (clips of another
 *       shape go to the dead-letter topic). Normalisation to float is the predictor's job.
 *   <li><b>Masks</b>: one per clip, of {@link #schema()}'s slot count; the inference step passes
 *       the all-slots mask, masked-property queries pass the asked slots.
 *   <li><b>Failures</b>: any runtime exception fails the call; the topology sends the clip (or
 *       query) that caused it to the dead-letter topic with code {@code PROCESSING_ERROR} and goes
 *       on. Do not return partial results.
 *   <li><b>Model swaps</b>: {@link #schema()} and {@link #input()} must stay the same for the life
 *       of the topology (a model with another contract needs a restart); {@link
 *       PredictorResult#modelVersion()} says which version computed each call.
 * </ul>
 */
public interface Predictor {
  /** The property schema (slots and words) of the model. */
  PropertySchema schema();

  /** The clip shape the model accepts. */
  ModelInput input();

  /** The version of the model currently serving, for logs and health. */
  String modelVersion();

  /**
   * Predicts the words of each clip under its mask.
   *
   * @param clips clips of shape {@link #input()}, at least one
   * @param masks one mask per clip, of {@link #schema()}'s slot count
   * @return one {@link SlotScores} per clip, in order, and the model version that computed them
   */
  PredictorResult predict(List<Clip> clips, List<SlotMask> masks);
}
