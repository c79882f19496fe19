package io.actionstream.core.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.schema.Slot;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One way to divide a dataset into {@link Partition}s; serialised as-is into the manifest, held-out
 * pairs included, so readers never recompute them.
 *
 * <p>The partition of a clip is a pure function of the split, the clip index and the sentence (see
 * {@link #assign(long, Sentence)}): if the sentence's words in {@link #slots()} form a held-out
 * pair the clip is {@link Partition#TEST_COMP}; otherwise a hash of {@link #seed()} and the clip
 * index puts it in TRAIN (70%), VAL (15%) or TEST (15%). Splits sharing a seed therefore agree on
 * the TRAIN/VAL/TEST of every clip none of them holds out. Build splits with {@link Splits}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class SplitDefinition {
  /** Share of non-held-out clips in TRAIN. */
  public static final double TRAIN_FRACTION = 0.70;

  /** Share of non-held-out clips in VAL; TEST takes the rest (0.15). */
  public static final double VAL_FRACTION = 0.15;

  /** Whether a split holds out combinations. */
  public enum Kind {
    /** Every clip goes to TRAIN, VAL or TEST by hash. */
    IID,
    /** Clips with a held-out pair of words go to TEST_COMP. */
    COMPOSITIONAL
  }

  private final String name;
  private final Kind kind;
  private final long seed;
  private final List<String> slots;
  private final HoldOutLevel level;
  private final List<HeldOutPair> heldOut;
  private final Set<HeldOutPair> heldOutSet;

  /**
   * Creates a split; prefer {@link Splits}. For {@link Kind#IID}, {@code slots} and {@code heldOut}
   * must be empty (or null) and {@code level} null.
   *
   * @throws IllegalArgumentException if the fields do not fit the kind
   */
  @JsonCreator
  public SplitDefinition(
      @JsonProperty("name") String name,
      @JsonProperty("kind") Kind kind,
      @JsonProperty("seed") long seed,
      @JsonProperty("slots") List<String> slots,
      @JsonProperty("level") HoldOutLevel level,
      @JsonProperty("heldOut") List<HeldOutPair> heldOut) {
    this.name = Objects.requireNonNull(name, "split name");
    this.kind = Objects.requireNonNull(kind, "split kind of '" + name + "'");
    this.seed = seed;
    this.slots = slots == null ? List.of() : List.copyOf(slots);
    this.level = level;
    this.heldOut = heldOut == null ? List.of() : List.copyOf(heldOut);
    if (kind == Kind.IID && (!this.slots.isEmpty() || !this.heldOut.isEmpty() || level != null)) {
      throw new IllegalArgumentException(
          "i.i.d. split '" + name + "' must have no slots, level or held-out pairs");
    }
    if (kind == Kind.COMPOSITIONAL
        && (this.slots.size() != 2 || this.heldOut.isEmpty() || level == null)) {
      throw new IllegalArgumentException(
          "compositional split '"
              + name
              + "' needs exactly 2 slots (got "
              + this.slots
              + "), a level and at least one held-out pair");
    }
    this.heldOutSet = Set.copyOf(new HashSet<>(this.heldOut));
  }

  /** The split name, for example {@code comp-colour-shape-hard}. */
  @JsonProperty
  public String name() {
    return name;
  }

  /** IID or COMPOSITIONAL. */
  @JsonProperty
  public Kind kind() {
    return kind;
  }

  /** The seed of the TRAIN/VAL/TEST hash. */
  @JsonProperty
  public long seed() {
    return seed;
  }

  /** The two slot names of a compositional split (first, second); empty for IID. */
  @JsonProperty
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public List<String> slots() {
    return slots;
  }

  /** The hold-out level of a compositional split; null for IID. */
  @JsonProperty
  public HoldOutLevel level() {
    return level;
  }

  /** The held-out pairs, in a stable order; empty for IID. */
  @JsonProperty
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public List<HeldOutPair> heldOut() {
    return heldOut;
  }

  /** Whether the words of {@code sentence} in this split's slots form a held-out pair. */
  public boolean isHeldOut(Sentence sentence) {
    if (kind == Kind.IID) {
      return false;
    }
    return heldOutSet.contains(
        new HeldOutPair(sentence.word(slots.get(0)), sentence.word(slots.get(1))));
  }

  /**
   * The partition of the clip with index {@code clipIndex} and label {@code sentence}; a pure
   * function of the split, the index and the sentence.
   */
  public Partition assign(long clipIndex, Sentence sentence) {
    if (isHeldOut(sentence)) {
      return Partition.TEST_COMP;
    }
    double u = unitHash(seed, clipIndex);
    if (u < TRAIN_FRACTION) {
      return Partition.TRAIN;
    }
    return u < TRAIN_FRACTION + VAL_FRACTION ? Partition.VAL : Partition.TEST;
  }

  /**
   * A number in [0, 1) fixed by {@code seed} and {@code clipIndex}: {@code mix(mix(seed) +
   * clipIndex * 0x9E3779B97F4A7C15) >>> 11} times 2^-53, where {@code mix} is the SplitMix64
   * finaliser. Stable across JVMs and releases (part of the dataset format).
   */
  public static double unitHash(long seed, long clipIndex) {
    long z = mix64(mix64(seed) + clipIndex * 0x9E3779B97F4A7C15L);
    return (z >>> 11) * 0x1.0p-53;
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Checks that the slots and held-out words exist in {@code schema}.
   *
   * @throws SchemaException naming the split and the unknown slot or word
   */
  public void validate(PropertySchema schema) {
    if (kind == Kind.IID) {
      return;
    }
    try {
      Slot first = schema.slot(schema.slotIndex(slots.get(0)));
      Slot second = schema.slot(schema.slotIndex(slots.get(1)));
      if (first.equals(second)) {
        throw new SchemaException("both slots are '" + first.name() + "'");
      }
      for (HeldOutPair pair : heldOut) {
        first.indexOf(pair.first());
        second.indexOf(pair.second());
      }
    } catch (SchemaException e) {
      throw new SchemaException("split '" + name + "': " + e.getMessage(), e);
    }
  }

  /** Number of held-out pairs. */
  @JsonIgnore
  public int heldOutCount() {
    return heldOut.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SplitDefinition other
        && name.equals(other.name)
        && kind == other.kind
        && seed == other.seed
        && slots.equals(other.slots)
        && level == other.level
        && heldOut.equals(other.heldOut);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, seed, slots, level, heldOut);
  }

  @Override
  public String toString() {
    return kind == Kind.IID
        ? name + "[iid]"
        : name + "[" + slots + " " + level + ", " + heldOut.size() + " pairs held out]";
  }
}
