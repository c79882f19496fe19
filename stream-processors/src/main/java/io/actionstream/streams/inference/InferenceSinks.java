package io.actionstream.streams.inference;

import io.actionstream.core.wire.Prediction;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The topics and serializers of the inference step's two sinks (predictions, dead letters). The
 * topology gives these very serializer instances to its sink nodes, and {@link ProducerOutput} uses
 * them too, so results produced at commit time are byte for byte what the sinks would write.
 *
 * @param predictionsTopic predictions topic
 * @param predictionKeys serializer of prediction keys (stream ids)
 * @param predictionValues serializer of predictions
 * @param deadLetterTopic dead-letter topic
 * @param deadLetterKeys serializer of dead-letter keys (original bytes)
 * @param deadLetterValues serializer of dead-letter values (original bytes)
 */
public record InferenceSinks(
    String predictionsTopic,
    Serializer<String> predictionKeys,
    Serializer<Prediction> predictionValues,
    String deadLetterTopic,
    Serializer<byte[]> deadLetterKeys,
    Serializer<byte[]> deadLetterValues) {
  /** Checks for nulls. */
  public InferenceSinks {
    Objects.requireNonNull(predictionsTopic, "predictionsTopic");
    Objects.requireNonNull(predictionKeys, "predictionKeys");
    Objects.requireNonNull(predictionValues, "predictionValues");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(deadLetterKeys, "deadLetterKeys");
    Objects.requireNonNull(deadLetterValues, "deadLetterValues");
  }
}
