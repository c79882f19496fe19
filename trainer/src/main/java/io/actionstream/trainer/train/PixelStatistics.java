package io.actionstream.trainer.train;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.model.ModelManifest;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Estimates the per-channel pixel mean and standard deviation (in [0,1] units) from a sample of
 * training clips, for the model's input normalisation. Centred, unit-scale inputs matter here:
 * small objects on a grey background give nearly constant raw inputs, and a model fed raw [0,1]
 * pixels learns several times slower.
 */
public final class PixelStatistics {
  private PixelStatistics() {}

  /**
   * Estimates mean and std from the first {@code maxClips} clips of {@code clips} (consumed, not
   * closed).
   *
   * @throws IllegalArgumentException if there are no clips
   */
  public static ModelManifest.Normalisation estimate(Stream<LabelledClip> clips, int maxClips) {
    double[] sum = new double[3];
    double[] sumSq = new double[3];
    long[] count = new long[3];
    Iterator<LabelledClip> it = clips.limit(maxClips).iterator();
    while (it.hasNext()) {
      byte[] pixels = it.next().clip().pixels();
      for (int i = 0; i < pixels.length; i++) {
        int c = i % 3;
        double v = (pixels[i] & 0xff) / 255.0;
        sum[c] += v;
        sumSq[c] += v * v;
        count[c]++;
      }
    }
    if (count[0] == 0) {
      throw new IllegalArgumentException("cannot estimate pixel statistics from no clips");
    }
    float[] mean = new float[3];
    float[] std = new float[3];
    for (int c = 0; c < 3; c++) {
      double m = sum[c] / count[c];
      double variance = Math.max(0, sumSq[c] / count[c] - m * m);
      mean[c] = (float) m;
      std[c] = (float) Math.max(1e-3, Math.sqrt(variance));
    }
    return new ModelManifest.Normalisation(mean, std);
  }
}
