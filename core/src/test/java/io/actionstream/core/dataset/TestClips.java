package io.actionstream.core.dataset;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.Sentence;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/** Clips of random bytes with random sentences, made lazily and reproducibly from an index. */
final class TestClips {
  private TestClips() {}

  static Sentence sentence(PropertySchema schema, long index) {
    SplittableRandom random = new SplittableRandom(index * 31 + 7);
    int[] ids = new int[schema.slotCount()];
    for (int s = 0; s < ids.length; s++) {
      ids[s] = random.nextInt(schema.slot(s).size());
    }
    return schema.sentenceOf(ids);
  }

  static LabelledClip clip(PropertySchema schema, long index, ClipShape shape) {
    SplittableRandom random = new SplittableRandom(index);
    byte[] pixels = new byte[(int) shape.pixelBytes()];
    for (int i = 0; i < pixels.length; i += 8) {
      long r = random.nextLong();
      for (int j = 0; j < 8 && i + j < pixels.length; j++) {
        pixels[i + j] = (byte) (r >>> (8 * j));
      }
    }
    long[] times = new long[shape.frames()];
    for (int t = 0; t < times.length; t++) {
      times[t] = 1_700_000_000_000L + index * 1000 + t * 40;
    }
    Clip clip = new Clip(shape.frames(), shape.height(), shape.width(), pixels, index * 10, times);
    return new LabelledClip(Long.toString(index), clip, sentence(schema, index));
  }

  static Iterator<LabelledClip> clips(PropertySchema schema, long count, ClipShape shape) {
    return new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public LabelledClip next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return clip(schema, next++, shape);
      }
    };
  }
}
