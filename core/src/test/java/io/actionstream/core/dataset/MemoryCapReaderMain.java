package io.actionstream.core.dataset;

import io.actionstream.core.clip.LabelledClip;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Reads a whole dataset and prints {@code clips=N crc=C}: run by {@link MemoryCapTest} in a child
 * JVM with a heap far smaller than the dataset.
 */
public final class MemoryCapReaderMain {
  private MemoryCapReaderMain() {}

  public static void main(String[] args) {
    try (DatasetReader reader = DatasetReader.open(Path.of(args[0]));
        Stream<LabelledClip> clips = reader.streamAll()) {
      CRC32 crc = new CRC32();
      long n = 0;
      for (Iterator<LabelledClip> it = clips.iterator(); it.hasNext(); ) {
        crc.update(it.next().clip().pixels());
        n++;
      }
      System.out.println("clips=" + n + " crc=" + crc.getValue());
    }
  }
}
