package io.actionstream.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.actionstream.core.clip.LabelledClip;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ActionClipGeneratorDeterminismTest {
  private static final GeneratorConfig CONFIG = GeneratorConfig.builder().maxDistractors(3).build();

  @Test
  void shouldProduceByteIdenticalClipForSameSeedAndIndex() {
    LabelledClip a = new ActionClipGenerator(CONFIG).generate(17);
    LabelledClip b = new ActionClipGenerator(CONFIG).generate(17);
    assertArrayEquals(a.clip().pixels(), b.clip().pixels());
    assertEquals(a.sentence(), b.sentence());
    assertEquals("17", a.id());
    assertEquals(a, b);
  }

  @Test
  void shouldProduceDifferentClipsForDifferentIndexOrSeed() {
    ActionClipGenerator generator = new ActionClipGenerator(CONFIG);
    byte[] first = generator.generate(17).clip().pixels();
    byte[] otherIndex = generator.generate(18).clip().pixels();
    byte[] otherSeed =
        new ActionClipGenerator(CONFIG.toBuilder().seed(43).build()).generate(17).clip().pixels();
    assertFalse(Arrays.equals(first, otherIndex));
    assertFalse(Arrays.equals(first, otherSeed));
  }

  @Test
  void shouldNotDependOnGenerationOrder() {
    ActionClipGenerator busy = new ActionClipGenerator(CONFIG);
    busy.generate(3);
    busy.generate(99);
    LabelledClip afterOthers = busy.generate(1);
    LabelledClip alone = new ActionClipGenerator(CONFIG).generate(1);
    assertArrayEquals(alone.clip().pixels(), afterOthers.clip().pixels());
    assertEquals(alone.sentence(), afterOthers.sentence());
  }

  @Test
  void shouldGiveSameClipsOnOtherThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // One generator per thread, as documented.
      Future<LabelledClip> a = pool.submit(() -> new ActionClipGenerator(CONFIG).generate(5));
      Future<LabelledClip> b = pool.submit(() -> new ActionClipGenerator(CONFIG).generate(5));
      LabelledClip here = new ActionClipGenerator(CONFIG).generate(5);
      assertEquals(here, a.get());
      assertEquals(here, b.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldRenderTheSampledClipWhenTheSampledSentenceIsForced() {
    ActionClipGenerator generator = new ActionClipGenerator(CONFIG);
    assertEquals(generator.generate(8), generator.generate(8, generator.sampleSentence(8)));
  }

  @Test
  void shouldKeepSentenceIndependentOfRenderingSettings() {
    ActionClipGenerator small = new ActionClipGenerator(CONFIG);
    ActionClipGenerator other =
        new ActionClipGenerator(
            CONFIG.toBuilder().frames(4).size(32, 96).noiseStddev(0).maxDistractors(0).build());
    for (long i = 0; i < 200; i++) {
      assertEquals(small.sampleSentence(i), other.sampleSentence(i));
    }
    assertEquals(small.sampleSentence(3), other.generate(3).sentence());
  }

  @Test
  void shouldProduceClipOfConfiguredShape() {
    GeneratorConfig config = GeneratorConfig.builder().frames(5).size(24, 40).build();
    LabelledClip c = new ActionClipGenerator(config).generate(0);
    assertEquals(5, c.clip().frames());
    assertEquals(24, c.clip().height());
    assertEquals(40, c.clip().width());
  }
}
