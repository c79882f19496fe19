package io.actionstream.trainer.model;

import io.actionstream.core.util.ConfigKeys;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Sizes and choices of the action model. Its {@code model.*} keys are declared once, in {@link
 * #KEYS}; construction checks every value against them, so a message names the key as it appears in
 * the training config file.
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
    SENTENCE,
    /** Per slot, a spatial attention map over the ConvLSTM state, then that slot's classifier. */
    FACTORED;

    /** Parses a config value, case-insensitively. */
    public static Head parse(String value) {
      return ModelConfig.parseEnum(Head.class, HEAD, value);
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
      return ModelConfig.parseEnum(MaskInput.class, MASK_INPUT, value);
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
      return ModelConfig.parseEnum(Pooling.class, POOLING, value);
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
      return ModelConfig.parseEnum(StemDownsample.class, STEM_DOWNSAMPLE, value);
    }
  }

  /** Side of the pooled feature map of {@link Pooling#AVG4} (features = C × 4 × 4). */
  public static final int POOLED_SIDE = 4;

  public static final String FRAMES = "model.frames";
  public static final String HEIGHT = "model.height";
  public static final String WIDTH = "model.width";
  public static final String STEM_CHANNELS = "model.stem_channels";
  public static final String STEM_DOWNSAMPLE = "model.stem_downsample";
  public static final String HIDDEN_CHANNELS = "model.hidden_channels";
  public static final String KERNEL = "model.kernel";
  public static final String HEAD = "model.head";
  public static final String MASK_INPUT = "model.mask_input";
  public static final String HEAD_HIDDEN = "model.head_hidden";
  public static final String POOLING = "model.pooling";

  /**
   * The {@code model.*} keys: name, type, default, valid values and meaning, declared once. The
   * default model trains on 2 CPU cores in minutes on 16×64×64 clips; max over time and positions
   * and a max-pool stem learn shape where the original model did not (docs/results.md).
   */
  public static final ConfigDef KEYS =
      new ConfigDef()
          .define(
              FRAMES,
              Type.INT,
              16,
              ConfigKeys.between(2, 256),
              Importance.HIGH,
              "frames per clip (T); must equal the data's clips")
          .define(
              HEIGHT,
              Type.INT,
              64,
              ConfigKeys.between(8, 1024),
              Importance.HIGH,
              "frame height (H); must equal the data's clips")
          .define(
              WIDTH,
              Type.INT,
              64,
              ConfigKeys.between(8, 1024),
              Importance.HIGH,
              "frame width (W); must equal the data's clips")
          .define(
              STEM_CHANNELS,
              Type.LIST,
              List.of(16, 32),
              ConfigKeys.intList(0, 8, 1, 1024),
              Importance.MEDIUM,
              "output channels of each stem convolution before the ConvLSTM, each halving the"
                  + " resolution (`[]`: no stem)")
          .define(
              STEM_DOWNSAMPLE,
              Type.STRING,
              "max_pool",
              ConfigKeys.oneOf(StemDownsample.class),
              Importance.MEDIUM,
              "`max_pool` (stride-1 convolution, then 2×2 max-pooling) or `stride` (stride-2"
                  + " convolutions, the original)")
          .define(
              HIDDEN_CHANNELS,
              Type.LIST,
              List.of(32),
              ConfigKeys.intList(1, 4, 1, 1024),
              Importance.HIGH,
              "hidden channels of each stacked ConvLSTM layer (2×2 max-pooling between layers)")
          .define(
              KERNEL,
              Type.INT,
              3,
              ConfigKeys.oddBetween(1, 9),
              Importance.MEDIUM,
              "ConvLSTM kernel size")
          .define(
              HEAD,
              Type.STRING,
              "slots",
              ConfigKeys.oneOf(Head.class),
              Importance.MEDIUM,
              "`slots` (a classifier per slot), `sentence` (the thesis's LSTM decoder over the"
                  + " whole dictionary) or `factored` (per slot, a spatial attention map over the"
                  + " ConvLSTM state, then that slot's classifier; with `pooling` `max_time` or"
                  + " `max` and `mask_input` `input`)")
          .define(
              MASK_INPUT,
              Type.STRING,
              "input",
              ConfigKeys.oneOf(MaskInput.class),
              Importance.MEDIUM,
              "where the mask enters: `input` (channels of the first ConvLSTM layer, the thesis)"
                  + " or `features` (after the encoder, so a masked query reruns only the head)")
          .define(
              HEAD_HIDDEN,
              Type.INT,
              128,
              ConfigKeys.between(1, 4096),
              Importance.MEDIUM,
              "hidden width of the head (and LSTM state of the sentence decoder)")
          .define(
              POOLING,
              Type.STRING,
              "max_time",
              ConfigKeys.oneOf(Pooling.class),
              Importance.MEDIUM,
              "clip features from the top ConvLSTM layer: `max_time`, `max`, `avg4` (the"
                  + " original) or `flatten` (see the model table); height and width must be"
                  + " multiples of 2^(stem layers + ConvLSTM layers − 1), times 4 for `avg4`");

  /**
   * What a model section written before {@code model.pooling} and {@code model.stem_downsample}
   * existed means: the original model, whatever today's defaults are.
   */
  public static final Map<String, String> LEGACY_VALUES =
      Map.of(POOLING, "avg4", STEM_DOWNSAMPLE, "stride");

  public ModelConfig {
    Objects.requireNonNull(head, HEAD);
    Objects.requireNonNull(maskInput, MASK_INPUT);
    Objects.requireNonNull(pooling, POOLING);
    Objects.requireNonNull(stemDownsample, STEM_DOWNSAMPLE);
    stemChannels = stemChannels.clone();
    hiddenChannels = hiddenChannels.clone();
    ConfigKeys.check(KEYS, FRAMES, frames);
    ConfigKeys.check(KEYS, HEIGHT, height);
    ConfigKeys.check(KEYS, WIDTH, width);
    ConfigKeys.check(KEYS, STEM_CHANNELS, ConfigKeys.list(stemChannels));
    ConfigKeys.check(KEYS, HIDDEN_CHANNELS, ConfigKeys.list(hiddenChannels));
    ConfigKeys.check(KEYS, KERNEL, kernel);
    ConfigKeys.check(KEYS, HEAD_HIDDEN, headHidden);
    if (head == Head.FACTORED
        && (maskInput != MaskInput.INPUT
            || (pooling != Pooling.MAX_TIME && pooling != Pooling.MAX))) {
      throw new IllegalArgumentException(
          HEAD
              + " factored attends over positions itself: it needs "
              + POOLING
              + " max_time or max and "
              + MASK_INPUT
              + " input, got "
              + pooling.name().toLowerCase(Locale.ROOT)
              + " and "
              + maskInput.name().toLowerCase(Locale.ROOT));
    }
    int multiple =
        (1 << (stemChannels.length + hiddenChannels.length - 1))
            * (pooling == Pooling.AVG4 ? POOLED_SIDE : 1);
    if (height % multiple != 0 || width % multiple != 0) {
      throw new IllegalArgumentException(
          HEIGHT
              + "/"
              + WIDTH
              + " "
              + height
              + "x"
              + width
              + " must be multiples of "
              + multiple
              + " for "
              + stemChannels.length
              + " stem layer(s), "
              + hiddenChannels.length
              + " ConvLSTM layer(s) and "
              + POOLING
              + " "
              + pooling.name().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * The model of parsed {@link #KEYS} values.
   *
   * @param values {@code model.*} key to value as {@link ConfigDef#parse} returns them
   * @throws IllegalArgumentException naming the first bad key
   */
  public static ModelConfig of(Map<String, Object> values) {
    return new ModelConfig(
        (Integer) values.get(FRAMES),
        (Integer) values.get(HEIGHT),
        (Integer) values.get(WIDTH),
        ConfigKeys.ints(values.get(STEM_CHANNELS)),
        ConfigKeys.ints(values.get(HIDDEN_CHANNELS)),
        (Integer) values.get(KERNEL),
        Head.parse((String) values.get(HEAD)),
        MaskInput.parse((String) values.get(MASK_INPUT)),
        (Integer) values.get(HEAD_HIDDEN),
        Pooling.parse((String) values.get(POOLING)),
        StemDownsample.parse((String) values.get(STEM_DOWNSAMPLE)));
  }

  /** The default model ({@link #KEYS}' defaults). */
  public static ModelConfig defaults() {
    return of(ConfigKeys.parse(KEYS, Map.of()));
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
