package io.actionstream.cli.bench;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.streams.predictor.ModelInput;
import io.actionstream.streams.predictor.Predictor;
import io.actionstream.streams.predictor.PredictorResult;
import io.actionstream.streams.predictor.SlotScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A predictor that answers the first word of every slot at once: the ingest benchmark's stand-in
 * for a model, so that what it times is the path from frame records to clips. Never a model.
 */
final class ConstantPredictor implements Predictor {
  private final PropertySchema schema;
  private final ModelInput input;

  ConstantPredictor(PropertySchema schema, ModelInput input) {
    this.schema = schema;
    this.input = input;
  }

  @Override
  public PropertySchema schema() {
    return schema;
  }

  @Override
  public ModelInput input() {
    return input;
  }

  @Override
  public String modelVersion() {
    return "constant";
  }

  @Override
  public PredictorResult predict(List<Clip> clips, List<SlotMask> masks) {
    int k = schema.slotCount();
    double[] ones = new double[k];
    Arrays.fill(ones, 1.0);
    List<SlotScores> scores = new ArrayList<>(clips.size());
    for (int i = 0; i < clips.size(); i++) {
      scores.add(new SlotScores(new int[k], ones.clone()));
    }
    return new PredictorResult(modelVersion(), scores);
  }
}
