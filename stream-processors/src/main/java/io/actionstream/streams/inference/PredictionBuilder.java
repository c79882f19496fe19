package io.actionstream.streams.inference;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.wire.ClipRange;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.SlotWord;
import io.actionstream.core.wire.Timings;
import io.actionstream.streams.predictor.SlotScores;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Turns one clip's scores into its Prediction record. */
final class PredictionBuilder {
  private final PropertySchema schema;

  PredictionBuilder(PropertySchema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  /**
   * The prediction of {@code clip} of {@code streamId}.
   *
   * @throws io.actionstream.core.wire.WireFormatException INVALID_FIELD if the clip's capture times
   *     cannot form a valid Prediction
   */
  Prediction build(
      String streamId, Clip clip, String modelVersion, SlotScores scores, Timings timings) {
    List<SlotWord> words = scores.words(schema);
    String sentence = words.stream().map(SlotWord::word).collect(Collectors.joining(" "));
    return Prediction.of(
        streamId,
        ClipRange.of(clip),
        clip.captureTimeMs(0),
        clip.captureTimeMs(clip.frames() - 1),
        sentence,
        words,
        modelVersion,
        timings);
  }
}
