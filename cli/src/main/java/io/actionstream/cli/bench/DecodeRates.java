package io.actionstream.cli.bench;

import io.actionstream.core.image.ImageDecodeException;
import io.actionstream.core.image.ImageFitter;
import io.actionstream.core.image.JpegDecoder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames per second of one core: decoding alone and decoding with fitting, timed by this thread's
 * CPU time; and libjpeg-turbo's own {@code djpeg} on the same files, timed by the wall clock of one
 * process per file less the cost of starting one on a tiny image.
 */
final class DecodeRates {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private DecodeRates() {}

  /** Frames per CPU-second decoding {@code frames} at full size, over at least {@code minNanos}. */
  static double decode(JpegDecoder decoder, List<byte[]> frames, int w, int h, long minNanos) {
    return rate(frames, minNanos, jpeg -> decoder.decode(jpeg, w, h, 0, 0).pixels().length);
  }

  /** Frames per CPU-second decoding and fitting {@code frames}. */
  static double fit(ImageFitter fitter, List<byte[]> frames, int w, int h, long minNanos) {
    return rate(frames, minNanos, jpeg -> fitter.jpeg(jpeg, w, h).pixels().length);
  }

  /**
   * Frames per wall-second of {@code djpeg -outfile /dev/null} on each frame's file, less the time
   * of the same number of runs on an 8×8 image (the process start), or NaN without {@code djpeg}.
   */
  static double djpeg(List<byte[]> frames, byte[] tiny, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      files.add(Files.write(dir.resolve("f" + i + ".jpg"), frames.get(i)));
    }
    Path small = Files.write(dir.resolve("tiny.jpg"), tiny);
    try {
      long real = runAll(files);
      long start = runAll(java.util.Collections.nCopies(files.size(), small));
      return frames.size() / ((real - start) / 1e9);
    } catch (IOException e) {
      return Double.NaN; // no djpeg on this machine
    }
  }

  /**
   * Frames per second of libjpeg-turbo's own {@code tjbench} decompressing each of the first {@code
   * files} frames in its process (one thread, no process start in the figure), their median, or NaN
   * without {@code tjbench}.
   */
  static double tjbench(List<byte[]> frames, int files, Path dir) {
    List<Double> rates = new ArrayList<>();
    try {
      for (int i = 0; i < Math.min(files, frames.size()); i++) {
        Path f = Files.write(dir.resolve("tj" + i + ".jpg"), frames.get(i));
        Process p =
            new ProcessBuilder("tjbench", f.toString(), "-benchtime", "1", "-warmup", "0.5")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("Decompress\\s+-->\\s+Frame rate:\\s+([0-9.]+)")
                .matcher(out);
        if (!m.find()) {
          return Double.NaN;
        }
        rates.add(Double.parseDouble(m.group(1)));
      }
    } catch (IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
    return Stats.median(rates);
  }

  private static long runAll(List<Path> files) throws IOException {
    long t0 = System.nanoTime();
    for (Path f : files) {
      Process p =
          new ProcessBuilder("djpeg", "-outfile", "/dev/null", f.toString())
              .redirectErrorStream(true)
              .start();
      try {
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
          throw new IOException("djpeg failed on " + f);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    return System.nanoTime() - t0;
  }

  private interface Step {
    int run(byte[] jpeg) throws ImageDecodeException;
  }

  private static double rate(List<byte[]> frames, long minNanos, Step step) {
    long sink = 0;
    long count = 0;
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long cpu;
    do {
      for (byte[] f : frames) {
        try {
          sink += step.run(f);
        } catch (ImageDecodeException e) {
          throw new IllegalStateException(e);
        }
        count++;
      }
      cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    } while (cpu < minNanos);
    if (sink == 0) {
      throw new IllegalStateException("nothing decoded");
    }
    return count / (cpu / 1e9);
  }
}
