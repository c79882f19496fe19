package io.actionstream.trainer.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * Sizes and choices of the action model. Validated on construction; every message names the key as
 * it appears in the training config file ({@code model.*}).
 *
 * @param frames T, frames per clip
 * @param height H of the input frames
 * @param width W of the input frames
 * @param stemChannels output channels of each 3×3 stem convolution before the ConvLSTM, each
 *     halving the resolution (may be empty: no stem)
 * @param hiddenChannels hidden channels of each stacked ConvLSTM layer (2×2 max-pooling between
 *     layers)
 * @param kernel ConvLSTM kernel size (odd)
 * @param head {@link Head#SLOTS} (one classifier per slot) or {@link Head#SENTENCE} (the thesis's
 *     LSTM decoder over the whole dictionary)
 * @param maskInput where the mask enters: {@link MaskInput#INPUT} (constant channels at every time
 *     step of the first ConvLSTM layer, as in the thesis) or {@link MaskInput#FEATURES} (after the
 *     encoder, so clip features can be cached and a masked query reruns only the head)
 * @param headHidden width of the hidden layer of the heads (and of the sentence decoder's LSTM)
 * @param pooling how the top ConvLSTM layer's hidden states become the clip features
 * @param stemDownsample how each stem layer halves the resolution
 */
public record ModelConfig(
    int frames,
    int height,
    int width,
    int[] stemChannels,
    int[] hiddenChannels,
    int kernel,
    Head head,
    MaskInput maskInput,
    int headHidden,
    Pooling pooling,
    StemDownsample stemDownsample) {

  /** The classification head. */
  public enum Head {
    /** Independent per-slot classifiers. */
    SLOTS,
    /** One LSTM unrolled once per slot with one linear layer over the whole dictionary. */
    SENTENCE;

    /** Parses a config value, case-insensitively. */
    public static Head parse(String value) {
      return ModelConfig.parseEnum(Head.class, "model.head", value);
    }
  }

  /** Where the per-slot mask enters the model. */
  public enum MaskInput {
    /** Extra constant input channels of the first ConvLSTM layer, at every time step. */
    INPUT,
    /** Concatenated to the pooled clip features before the heads. */
    FEATURES;

    /** Parses a config value, case-insensitively. */
    public static MaskInput parse(String value) {
      return ModelConfig.parseEnum(MaskInput.class, "model.mask_input", value);
    }
  }

  /** How the top layer's hidden states become the clip features fed to the heads. */
  public enum Pooling {
    /** The last hidden state average-pooled to 4×4 and flattened: C·16 features (the original). */
    AVG4,
    /** The last hidden state max-pooled over all positions: C features. */
    MAX,
    /** The hidden states of every time step max-pooled over time and positions: C features. */
    MAX_TIME,
    /** The last hidden state flattened without pooling: C·h·w features. */
    FLATTEN;

    /** Parses a config value, case-insensitively. */
    public static Pooling parse(String value) {
      return ModelConfig.parseEnum(Pooling.class, "model.pooling", value);
    }
  }

  /** How a stem layer halves the resolution. */
  public enum StemDownsample {
    /** A stride-2 3×3 convolution (the original). */
    STRIDE,
    /** A stride-1 3×3 convolution, ReLU, then 2×2 max-pooling: keeps thin outline detail. */
    MAX_POOL;

    /** Parses a config value, case-insensitively. */
    public static StemDownsample parse(String value) {
      return ModelConfig.parseEnum(StemDownsample.class, "model.stem_downsample", value);
    }
  }

  /** Side of the pooled feature map of {@link Pooling#AVG4} (features = C × 4 × 4). */
  public static final int POOLED_SIDE = 4;

  /**
   * The original model: {@link Pooling#AVG4} features and {@link StemDownsample#STRIDE} stem (what
   * configs and checkpoints written before those keys existed mean).
   */
  public ModelConfig(
      int frames,
      int height,
      int width,
      int[] stemChannels,
      int[] hiddenChannels,
      int kernel,
      Head head,
      MaskInput maskInput,
      int headHidden) {
    this(
        frames,
        height,
        width,
        stemChannels,
        hiddenChannels,
        kernel,
        head,
        maskInput,
        headHidden,
        Pooling.AVG4,
        StemDownsample.STRIDE);
  }

  public ModelConfig {
    stemChannels = stemChannels.clone();
    hiddenChannels = hiddenChannels.clone();
    check(frames >= 2 && frames <= 256, "model.frames", "2..256", frames);
    check(height >= 8 && height <= 1024, "model.height", "8..1024", height);
    check(width >= 8 && width <= 1024, "model.width", "8..1024", width);
    for (int c : stemChannels) {
      check(c >= 1 && c <= 1024, "model.stem_channels", "each 1..1024", c);
    }
    check(
        hiddenChannels.length >= 1 && hiddenChannels.length <= 4,
        "model.hidden_channels",
        "1..4 layers",
        hiddenChannels.length);
    for (int c : hiddenChannels) {
      check(c >= 1 && c <= 1024, "model.hidden_channels", "each 1..1024", c);
    }
    check(kernel >= 1 && kernel <= 9 && kernel % 2 == 1, "model.kernel", "odd 1..9", kernel);
    if (head == null) {
      throw new IllegalArgumentException("model.head is required: slots or sentence");
    }
    if (maskInput == null) {
      throw new IllegalArgumentException("model.mask_input is required: input or features");
    }
    check(headHidden >= 1 && headHidden <= 4096, "model.head_hidden", "1..4096", headHidden);
    if (pooling == null) {
      throw new IllegalArgumentException(
          "model.pooling is required: avg4, max, max_time or flatten");
    }
    if (stemDownsample == null) {
      throw new IllegalArgumentException("model.stem_downsample is required: stride or max_pool");
    }
    int multiple =
        (1 << (stemChannels.length + hiddenChannels.length - 1))
            * (pooling == Pooling.AVG4 ? POOLED_SIDE : 1);
    if (height % multiple != 0 || width % multiple != 0) {
      throw new IllegalArgumentException(
          "model.height/model.width "
              + height
              + "x"
              + width
              + " must be multiples of "
              + multiple
              + " for "
              + stemChannels.length
              + " stem layer(s), "
              + hiddenChannels.length
              + " ConvLSTM layer(s) and model.pooling "
              + pooling.name().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * The default model: trains on 2 CPU cores in minutes on 16×64×64 clips; max over time and
   * positions and a max-pool stem, which learn shape where the original model did not
   * (docs/results.md).
   */
  public static ModelConfig defaults() {
    return new ModelConfig(
        16,
        64,
        64,
        new int[] {16, 32},
        new int[] {32},
        3,
        Head.SLOTS,
        MaskInput.INPUT,
        128,
        Pooling.MAX_TIME,
        StemDownsample.MAX_POOL);
  }

  /** A copy with other frames/height/width. */
  public ModelConfig withInput(int frames, int height, int width) {
    return new ModelConfig(
        frames,
        height,
        width,
        stemChannels,
        hiddenChannels,
        kernel,
        head,
        maskInput,
        headHidden,
        pooling,
        stemDownsample);
  }

  /** Height of the feature map after the stem (the first ConvLSTM layer's resolution). */
  public int stemHeight() {
    return height >> stemChannels.length;
  }

  /** Width of the feature map after the stem. */
  public int stemWidth() {
    return width >> stemChannels.length;
  }

  /** Channels entering the first ConvLSTM layer (without mask channels). */
  public int stemOutputChannels() {
    return stemChannels.length == 0 ? 3 : stemChannels[stemChannels.length - 1];
  }

  /** Height of the top ConvLSTM layer's state. */
  public int topHeight() {
    return stemHeight() >> (hiddenChannels.length - 1);
  }

  /** Width of the top ConvLSTM layer's state. */
  public int topWidth() {
    return stemWidth() >> (hiddenChannels.length - 1);
  }

  /** Channels of the top ConvLSTM layer. */
  public int topChannels() {
    return hiddenChannels[hiddenChannels.length - 1];
  }

  /** Size of the pooled, flattened clip features fed to the heads. */
  public int featureSize() {
    return switch (pooling) {
      case AVG4 -> topChannels() * POOLED_SIDE * POOLED_SIDE;
      case MAX, MAX_TIME -> topChannels();
      case FLATTEN -> topChannels() * topHeight() * topWidth();
    };
  }

  @Override
  public int[] stemChannels() {
    return stemChannels.clone();
  }

  @Override
  public int[] hiddenChannels() {
    return hiddenChannels.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelConfig m
        && frames == m.frames
        && height == m.height
        && width == m.width
        && Arrays.equals(stemChannels, m.stemChannels)
        && Arrays.equals(hiddenChannels, m.hiddenChannels)
        && kernel == m.kernel
        && head == m.head
        && maskInput == m.maskInput
        && headHidden == m.headHidden
        && pooling == m.pooling
        && stemDownsample == m.stemDownsample;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hiddenChannels) * 31
        + Arrays.hashCode(stemChannels)
        + frames * 7
        + head.hashCode()
        + maskInput.hashCode()
        + pooling.hashCode() * 3
        + stemDownsample.hashCode() * 5;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "ModelConfig[T=%d, %dx%d, stem=%s %s, convlstm=%s, kernel=%d, pooling=%s, head=%s, mask=%s,"
            + " hidden=%d]",
        frames,
        height,
        width,
        Arrays.toString(stemChannels),
        stemDownsample,
        Arrays.toString(hiddenChannels),
        kernel,
        pooling,
        head,
        maskInput,
        headHidden);
  }

  private static void check(boolean ok, String key, String allowed, int actual) {
    if (!ok) {
      throw new IllegalArgumentException(key + " must be " + allowed + ", got " + actual);
    }
  }

  /**
   * Parses a config value as a constant of {@code type}, case-insensitively.
   *
   * @throws IllegalArgumentException naming {@code key} and the allowed values
   */
  public static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        key
            + " must be one of "
            + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT)
            + ", got '"
            + value
            + "'");
  }
}
