package io.actionstream.core.schema;

import java.util.Arrays;

/**
 * The per-slot mask of the masking approach: one bit per slot saying whether that property is asked
 * (and, in training, scored). The model sees it as a float vector of 0s and 1s.
 */
public final class SlotMask {
  private final boolean[] bits;

  /**
   * Creates a mask from one bit per slot.
   *
   * @throws SchemaException if no bit is set
   */
  public SlotMask(boolean[] bits) {
    if (bits.length == 0) {
      throw new SchemaException("a mask needs at least one slot");
    }
    boolean any = false;
    for (boolean b : bits) {
      any |= b;
    }
    if (!any) {
      throw new SchemaException(
          "a mask must ask at least one slot; all " + bits.length + " bits are 0");
    }
    this.bits = bits.clone();
  }

  /** The all-ones mask over {@code slotCount} slots. */
  public static SlotMask all(int slotCount) {
    boolean[] bits = new boolean[slotCount];
    Arrays.fill(bits, true);
    return new SlotMask(bits);
  }

  /**
   * The one-hot mask asking only {@code slot} of {@code slotCount}.
   *
   * @throws IndexOutOfBoundsException if {@code slot} is not in {@code 0..slotCount-1}
   */
  public static SlotMask only(int slot, int slotCount) {
    java.util.Objects.checkIndex(slot, slotCount);
    boolean[] bits = new boolean[slotCount];
    bits[slot] = true;
    return new SlotMask(bits);
  }

  /**
   * Parses a mask from floats (as fed to the model): each value must be exactly 0 or 1.
   *
   * @throws SchemaException if the length differs from {@code slotCount} or a value is not 0/1
   */
  public static SlotMask fromFloats(float[] values, int slotCount) {
    if (values.length != slotCount) {
      throw new SchemaException(
          "mask has " + values.length + " values, the schema has " + slotCount + " slots");
    }
    boolean[] bits = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] == 1f) {
        bits[i] = true;
      } else if (values[i] != 0f) {
        throw new SchemaException("mask value " + values[i] + " at slot " + i + " is not 0 or 1");
      }
    }
    return new SlotMask(bits);
  }

  /** Number of slots the mask covers. */
  public int size() {
    return bits.length;
  }

  /** Whether slot {@code slot} is asked. */
  public boolean isSet(int slot) {
    return bits[slot];
  }

  /** Number of asked slots. */
  public int count() {
    int n = 0;
    for (boolean b : bits) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** Whether every slot is asked. */
  public boolean isAll() {
    return count() == bits.length;
  }

  /** The mask as model input: 1f for asked slots, 0f otherwise. */
  public float[] toFloats() {
    float[] f = new float[bits.length];
    for (int i = 0; i < bits.length; i++) {
      f[i] = bits[i] ? 1f : 0f;
    }
    return f;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlotMask other && Arrays.equals(bits, other.bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(bits.length);
    for (boolean b : bits) {
      sb.append(b ? '1' : '0');
    }
    return sb.toString();
  }
}
