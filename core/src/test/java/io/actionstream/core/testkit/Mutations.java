package io.actionstream.core.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Seeded mutations of valid records for fuzz tests: bit flips, truncation, appended junk, extreme
 * integers, overwritten ranges, empty and random values; headers dropped, repeated, made non-UTF-8,
 * given odd numbers, oversized or null.
 */
public final class Mutations {
  private final Random random;

  /** Mutations drawn from {@code random}. */
  public Mutations(Random random) {
    this.random = random;
  }

  /** A mutated copy of {@code in} (one mutation). */
  public byte[] value(byte[] in) {
    byte[] out = in.clone();
    switch (random.nextInt(7)) {
      case 0 -> {
        for (int k = 0, n = 1 + random.nextInt(8); k < n && out.length > 0; k++) {
          out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> out = Arrays.copyOf(out, out.length == 0 ? 0 : random.nextInt(out.length));
      case 2 -> {
        byte[] extra = new byte[1 + random.nextInt(64)];
        random.nextBytes(extra);
        byte[] grown = Arrays.copyOf(out, out.length + extra.length);
        System.arraycopy(extra, 0, grown, out.length, extra.length);
        out = grown;
      }
      case 3 -> {
        if (out.length >= 4) {
          int at = random.nextInt(out.length - 3);
          int v =
              List.of(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 65536).get(random.nextInt(5));
          out[at] = (byte) (v >>> 24);
          out[at + 1] = (byte) (v >>> 16);
          out[at + 2] = (byte) (v >>> 8);
          out[at + 3] = (byte) v;
        }
      }
      case 4 -> {
        if (out.length > 0) {
          int from = random.nextInt(out.length);
          byte[] junk = new byte[Math.min(out.length, from + 1 + random.nextInt(32)) - from];
          random.nextBytes(junk);
          System.arraycopy(junk, 0, out, from, junk.length);
        }
      }
      case 5 -> out = new byte[0];
      default -> {
        out = new byte[random.nextInt(256)];
        random.nextBytes(out);
      }
    }
    return out;
  }

  /** A copy of {@code in} with one header mutated (or {@code as.v} added to empty headers). */
  public Headers headers(Headers in) {
    Headers h = copy(in);
    Header[] all = h.toArray();
    if (all.length == 0) {
      h.add("as.v", utf8("1"));
      return h;
    }
    String name = all[random.nextInt(all.length)].key();
    switch (random.nextInt(6)) {
      case 0 -> h.remove(name);
      case 1 -> h.add(name, utf8("2"));
      case 2 -> replace(h, name, new byte[] {(byte) 0xC3, (byte) 0x28}); // not UTF-8
      case 3 ->
          replace(
              h,
              name,
              utf8(
                  List.of("-1", "99999999999999999999", "0", "", "1e3", "+7", " 4")
                      .get(random.nextInt(7))));
      case 4 -> replace(h, name, utf8("9".repeat(100_000)));
      default -> replace(h, name, null);
    }
    return h;
  }

  /** A deep copy of {@code in}. */
  public static Headers copy(Headers in) {
    RecordHeaders h = new RecordHeaders();
    for (Header x : in) {
      h.add(x.key(), x.value() == null ? null : x.value().clone());
    }
    return h;
  }

  /** {@code name=value} pairs, values cut at 40 characters, for failure messages. */
  public static String describe(Headers h) {
    StringBuilder s = new StringBuilder();
    for (Header x : h) {
      String v = x.value() == null ? "null" : new String(x.value(), StandardCharsets.UTF_8);
      s.append(x.key())
          .append('=')
          .append(v.length() > 40 ? v.substring(0, 40) + "…" : v)
          .append(' ');
    }
    return s.toString();
  }

  private static void replace(Headers h, String name, byte[] value) {
    h.remove(name);
    h.add(name, value);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
