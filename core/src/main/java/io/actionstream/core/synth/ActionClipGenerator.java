package io.actionstream.core.synth;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Sentence;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Renders synthetic action clips: one target object with a size, colour and shape performs one
 * action over T frames, optionally among static distractors, on a varied background with pixel
 * noise. The label is the sentence "size colour shape action".
 *
 * <p><b>Determinism.</b> A clip is a pure function of the {@link GeneratorConfig} and the clip
 * index: each clip draws from its own random streams seeded by a hash of (seed, clip index), so the
 * result does not depend on which clips were generated before, in what order, on which thread or by
 * which instance. The sentence of a clip depends only on (schema, seed, clip index), not on frame
 * size, noise or distractors; {@link #sampleSentence(long)} computes it without rendering.
 * Byte-identical output is promised for the same JDK build (Java2D rasterisation may differ between
 * JDK vendors or versions).
 *
 * <p><b>Threads.</b> An instance reuses its drawing buffers and is <b>not thread-safe</b>: use one
 * instance per thread (they are cheap: two frame buffers). {@link #sampleSentence(long)} and the
 * static {@link #sampleSentence(PropertySchema, long, long)} are thread-safe.
 */
public final class ActionClipGenerator {
  private static final long SENTENCE_STREAM = 0x53454E54L; // "SENT"
  private static final long RENDER_STREAM = 0x52454E44L; // "REND"

  private final GeneratorConfig config;
  private final PropertySchema schema;
  private final Vocabulary vocabulary;
  private final ScenePlanner planner;
  private final SceneRenderer renderer;

  /** A generator over {@link PropertySchema#defaultSchema()}. */
  public ActionClipGenerator(GeneratorConfig config) {
    this(config, PropertySchema.defaultSchema());
  }

  /**
   * A generator over {@code schema}.
   *
   * @throws SchemaException if the schema is not exactly the slots size, colour, shape and action,
   *     or names a word the generator cannot draw or perform (the message names slot and word)
   */
  public ActionClipGenerator(GeneratorConfig config, PropertySchema schema) {
    this.config = Objects.requireNonNull(config, "config");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.vocabulary = Vocabulary.bind(schema);
    this.planner = new ScenePlanner(config);
    this.renderer = new SceneRenderer(config.height(), config.width(), config.noiseStddev());
  }

  /** The settings. */
  public GeneratorConfig config() {
    return config;
  }

  /** The schema sentences are drawn from. */
  public PropertySchema schema() {
    return schema;
  }

  /**
   * The sentence of clip {@code clipIndex}, without rendering: see {@link
   * #sampleSentence(PropertySchema, long, long)} with this generator's schema and seed.
   */
  public Sentence sampleSentence(long clipIndex) {
    return sampleSentence(schema, config.seed(), clipIndex);
  }

  /**
   * The sentence a generator with {@code schema} and {@code seed} gives clip {@code clipIndex}:
   * uniform over all {@link PropertySchema#combinationCount()} combinations. The combination number
   * {@link #combinationIndex(PropertySchema, long, long)} is decoded in mixed radix, the last slot
   * varying fastest. Cheap (a hash and a division) and thread-safe, so dataset splits can label
   * millions of indices without rendering.
   */
  public static Sentence sampleSentence(PropertySchema schema, long seed, long clipIndex) {
    return sentenceOfCombination(schema, combinationIndex(schema, seed, clipIndex));
  }

  /**
   * The combination number in 0..combinationCount-1 that clip {@code clipIndex} shows: {@code new
   * SplittableRandom(hash(seed, clipIndex, "SENT")).nextLong(combinationCount)}.
   */
  public static long combinationIndex(PropertySchema schema, long seed, long clipIndex) {
    return new SplittableRandom(streamSeed(seed, clipIndex, SENTENCE_STREAM))
        .nextLong(schema.combinationCount());
  }

  /**
   * The sentence with combination number {@code combination} (mixed radix over the slot sizes, last
   * slot fastest): 0 is the first word of every slot.
   */
  public static Sentence sentenceOfCombination(PropertySchema schema, long combination) {
    long count = schema.combinationCount();
    if (combination < 0 || combination >= count) {
      throw new SchemaException(
          "combination must be in 0.." + (count - 1) + ", got " + combination);
    }
    int[] ids = new int[schema.slotCount()];
    long rest = combination;
    for (int s = ids.length - 1; s >= 0; s--) {
      int size = schema.slot(s).size();
      ids[s] = (int) (rest % size);
      rest /= size;
    }
    return schema.sentenceOf(ids);
  }

  /**
   * Generates clip {@code clipIndex} with its sampled sentence. The clip's id is the decimal clip
   * index; its frame indices start at 0 and its capture times are 0.
   */
  public LabelledClip generate(long clipIndex) {
    return generate(clipIndex, sampleSentence(clipIndex));
  }

  /**
   * Generates clip {@code clipIndex} showing {@code sentence} instead of the sampled one.
   * Everything else random (jitter, position, background, distractors, noise) comes from the same
   * per-clip stream as {@link #generate(long)}, so forcing the sampled sentence gives the identical
   * clip.
   *
   * @throws SchemaException if {@code sentence} belongs to another schema
   */
  public LabelledClip generate(long clipIndex, Sentence sentence) {
    Objects.requireNonNull(sentence, "sentence");
    if (!sentence.schema().equals(schema)) {
      throw new SchemaException(
          "sentence '"
              + sentence
              + "' belongs to schema "
              + sentence.schema().fingerprint()
              + ", the generator renders "
              + schema.fingerprint());
    }
    SplittableRandom rng =
        new SplittableRandom(streamSeed(config.seed(), clipIndex, RENDER_STREAM));
    Scene scene = planner.plan(vocabulary.resolve(sentence), rng);
    byte[] pixels = new byte[Math.toIntExact(config.clipBytes())];
    renderer.render(scene, config.frames(), rng, pixels);
    Clip clip = Clip.of(config.frames(), config.height(), config.width(), pixels);
    return new LabelledClip(Long.toString(clipIndex), clip, sentence);
  }

  /** Seed of one random stream of one clip: two rounds of the SplitMix64 finaliser. */
  static long streamSeed(long seed, long clipIndex, long stream) {
    long h = mix64(seed ^ (stream * 0xBF58476D1CE4E5B9L));
    return mix64(h + clipIndex * 0x9E3779B97F4A7C15L);
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
