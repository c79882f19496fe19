package io.actionstream.core.synth;

/**
 * Settings of the {@link ActionClipGenerator}, declared and validated in one place. Immutable;
 * build it with {@link #builder()} or take {@link #defaults()}.
 *
 * <table>
 *   <caption>Keys, defaults and allowed ranges</caption>
 *   <tr><th>key</th><th>default</th><th>allowed</th><th>meaning</th></tr>
 *   <tr><td>frames</td><td>16</td><td>2..256</td><td>frames per clip, T</td></tr>
 *   <tr><td>height</td><td>64</td><td>16..512</td><td>frame height in pixels, H</td></tr>
 *   <tr><td>width</td><td>64</td><td>16..512</td><td>frame width in pixels, W</td></tr>
 *   <tr><td>maxDistractors</td><td>0</td><td>0..8</td><td>static distractor objects per clip
 *       (each clip draws 0..max uniformly)</td></tr>
 *   <tr><td>noiseStddev</td><td>4</td><td>0..64</td><td>sigma of the gaussian pixel noise, in
 *       0..255 pixel units; 0 switches noise off</td></tr>
 *   <tr><td>backgroundVariation</td><td>true</td><td>true/false</td><td>random grey/tint and
 *       gradient per clip; false gives a flat mid-grey background</td></tr>
 *   <tr><td>seed</td><td>42</td><td>any long</td><td>dataset seed; a clip depends only on (seed,
 *       clip index) and the settings above</td></tr>
 * </table>
 *
 * @param frames frames per clip, T
 * @param height frame height, H
 * @param width frame width, W
 * @param maxDistractors most static distractors per clip
 * @param noiseStddev gaussian pixel noise sigma in pixel units
 * @param backgroundVariation whether the background varies per clip
 * @param seed dataset seed
 */
public record GeneratorConfig(
    int frames,
    int height,
    int width,
    int maxDistractors,
    double noiseStddev,
    boolean backgroundVariation,
    long seed) {

  public static final int DEFAULT_FRAMES = 16;
  public static final int MIN_FRAMES = 2;
  public static final int MAX_FRAMES = 256;
  public static final int DEFAULT_SIZE = 64;
  public static final int MIN_SIZE = 16;
  public static final int MAX_SIZE = 512;
  public static final int DEFAULT_MAX_DISTRACTORS = 0;
  public static final int MAX_DISTRACTORS = 8;
  public static final double DEFAULT_NOISE_STDDEV = 4.0;
  public static final double MAX_NOISE_STDDEV = 64.0;
  public static final boolean DEFAULT_BACKGROUND_VARIATION = true;
  public static final long DEFAULT_SEED = 42L;

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field, the allowed range and the value given
   */
  public GeneratorConfig {
    checkRange("frames", frames, MIN_FRAMES, MAX_FRAMES);
    checkRange("height", height, MIN_SIZE, MAX_SIZE);
    checkRange("width", width, MIN_SIZE, MAX_SIZE);
    checkRange("maxDistractors", maxDistractors, 0, MAX_DISTRACTORS);
    if (!(noiseStddev >= 0.0 && noiseStddev <= MAX_NOISE_STDDEV)) { // also rejects NaN
      throw new IllegalArgumentException(
          "noiseStddev must be in 0.0.." + MAX_NOISE_STDDEV + ", got " + noiseStddev);
    }
  }

  private static void checkRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be in " + min + ".." + max + ", got " + value);
    }
  }

  /**
   * The defaults: 16 frames of 64×64, no distractors, noise sigma 4, varied background, seed 42.
   */
  public static GeneratorConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .frames(frames)
        .height(height)
        .width(width)
        .maxDistractors(maxDistractors)
        .noiseStddev(noiseStddev)
        .backgroundVariation(backgroundVariation)
        .seed(seed);
  }

  /** Bytes of one generated clip: T·H·W·3. */
  public long clipBytes() {
    return (long) frames * height * width * 3;
  }

  /** Fluent builder; {@link #build()} validates. */
  public static final class Builder {
    private int frames = DEFAULT_FRAMES;
    private int height = DEFAULT_SIZE;
    private int width = DEFAULT_SIZE;
    private int maxDistractors = DEFAULT_MAX_DISTRACTORS;
    private double noiseStddev = DEFAULT_NOISE_STDDEV;
    private boolean backgroundVariation = DEFAULT_BACKGROUND_VARIATION;
    private long seed = DEFAULT_SEED;

    private Builder() {}

    /** Frames per clip, 2..256. */
    public Builder frames(int frames) {
      this.frames = frames;
      return this;
    }

    /** Frame height, 16..512. */
    public Builder height(int height) {
      this.height = height;
      return this;
    }

    /** Frame width, 16..512. */
    public Builder width(int width) {
      this.width = width;
      return this;
    }

    /** Sets height and width. */
    public Builder size(int height, int width) {
      return height(height).width(width);
    }

    /** Most static distractors per clip, 0..8. */
    public Builder maxDistractors(int maxDistractors) {
      this.maxDistractors = maxDistractors;
      return this;
    }

    /** Gaussian pixel noise sigma in pixel units, 0..64. */
    public Builder noiseStddev(double noiseStddev) {
      this.noiseStddev = noiseStddev;
      return this;
    }

    /** Whether the background varies per clip. */
    public Builder backgroundVariation(boolean backgroundVariation) {
      this.backgroundVariation = backgroundVariation;
      return this;
    }

    /** Dataset seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the config.
     *
     * @throws IllegalArgumentException naming the first bad field and its allowed range
     */
    public GeneratorConfig build() {
      return new GeneratorConfig(
          frames, height, width, maxDistractors, noiseStddev, backgroundVariation, seed);
    }
  }
}
