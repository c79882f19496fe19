package io.actionstream.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.DatasetManifest;
import io.actionstream.core.dataset.DatasetWriter;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.ContactSheet;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.util.FileTrees;
import io.actionstream.core.util.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream-data generate}: renders synthetic clips in parallel and writes them, in index
 * order, as a dataset directory. The shards are byte-identical for any {@code --threads}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate a synthetic dataset (clips 0..N-1 of a seed) into --out.")
public final class GenerateCommand implements Callable<Integer> {
  /** Generator config field → the option that sets it, to name the option in range errors. */
  private static final Map<String, String> FIELD_OPTIONS =
      Map.of(
          "frames", "--frames",
          "height", "--height (or --size)",
          "width", "--width (or --size)",
          "maxDistractors", "--distractors",
          "noiseStddev", "--noise");

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset directory.")
  Path out;

  @Option(
      names = "--clips",
      defaultValue = "20000",
      description = "Clips (default ${DEFAULT-VALUE}).")
  long clips;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Dataset seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--frames",
      defaultValue = "16",
      description = "Frames per clip, T (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(
      names = "--size",
      defaultValue = "64",
      description = "Square frame size, H=W (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--height", description = "Frame height H (default: --size).")
  Integer height;

  @Option(names = "--width", description = "Frame width W (default: --size).")
  Integer width;

  @Option(
      names = "--distractors",
      defaultValue = "0",
      description = "Most static distractors per clip, 0..8 (default ${DEFAULT-VALUE}).")
  int distractors;

  @Option(
      names = "--noise",
      defaultValue = "4",
      description = "Gaussian pixel noise sigma, 0..64 (default ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--no-background-variation", description = "Flat grey background for every clip.")
  boolean flatBackground;

  @Option(
      names = "--shard-size",
      defaultValue = "256",
      description = "Clips per shard file (default ${DEFAULT-VALUE}).")
  int shardSize;

  @Option(names = "--deflate", description = "Deflate each clip's pixels (smaller, slower).")
  boolean deflate;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Generator threads (default: available processors).")
  Integer threads;

  @Option(
      names = "--contact-sheet",
      paramLabel = "FILE.png",
      description = "Also write a contact sheet of the first clips.")
  Path contactSheet;

  @Option(
      names = "--sheet-clips",
      defaultValue = "8",
      description = "Clips on the contact sheet (default ${DEFAULT-VALUE}).")
  int sheetClips;

  @Option(names = "--force", description = "Replace the dataset in a non-empty --out.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    GeneratorConfig config = config();
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    requireAtLeast("--clips", clips, 1);
    requireAtLeast("--threads", workers, 1);
    requireAtLeast("--shard-size", shardSize, 1);
    requireAtLeast("--sheet-clips", sheetClips, 1);
    prepareOut();

    PropertySchema schema = PropertySchema.defaultSchema();
    JsonNode generatorJson = new ObjectMapper().valueToTree(config);
    PrintWriter err = spec.commandLine().getErr();
    List<LabelledClip> sheet = new ArrayList<>();
    long start = System.nanoTime();
    DatasetWriter writer =
        DatasetWriter.builder(out, schema)
            .optSeed(seed)
            .optShardSize(shardSize)
            .optDeflate(deflate)
            .optGenerator(generatorJson)
            .build();
    try (ProgressBar bar =
        new ProgressBar(
            "generate",
            clips,
            CliFiles.printStream(err),
            System.console() != null,
            System::nanoTime)) {
      OrderedGeneration.run(
          config,
          workers,
          clips,
          (index, clip) -> {
            writer.add(index, clip);
            if (contactSheet != null && sheet.size() < sheetClips) {
              sheet.add(clip);
            }
            bar.step(1);
          });
    } catch (Exception | Error e) {
      abandon(writer);
      throw e;
    }
    writer.close();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (contactSheet != null) {
      ContactSheet.write(sheet, contactSheet, 8);
    }
    printSummary(writer.manifest(), seconds, workers);
    return DataCli.EXIT_OK;
  }

  private GeneratorConfig config() {
    try {
      return GeneratorConfig.builder()
          .frames(frames)
          .height(height == null ? size : height)
          .width(width == null ? size : width)
          .maxDistractors(distractors)
          .noiseStddev(noise)
          .backgroundVariation(!flatBackground)
          .seed(seed)
          .build();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String field = message.split(" ", 2)[0];
      String option = FIELD_OPTIONS.getOrDefault(field, field);
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '" + option + "': " + message);
    }
  }

  private void requireAtLeast(String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '" + option + "': must be at least " + min + ", got " + value);
    }
  }

  /** Refuses a non-empty --out without --force; with it, removes the dataset files there. */
  private void prepareOut() throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalStateException("--out " + out + " is a file, not a directory");
    }
    if (!FileTrees.isNonEmptyDirectory(out)) {
      return;
    }
    if (!force) {
      throw new IllegalStateException(
          "--out " + out + " is not empty; pass --force to replace the dataset in it");
    }
    Files.deleteIfExists(out.resolve(DatasetManifest.FILE_NAME));
    Files.deleteIfExists(out.resolve(DatasetManifest.FILE_NAME + ".tmp"));
    FileTrees.deleteTree(out.resolve("shards"));
  }

  /** Closes the writer after a failure and removes the manifest, leaving an unfinished dataset. */
  private void abandon(DatasetWriter writer) {
    try {
      writer.close();
      Files.deleteIfExists(out.resolve(DatasetManifest.FILE_NAME));
    } catch (RuntimeException | IOException suppressed) {
      // the original failure is the one to report
    }
  }

  private void printSummary(DatasetManifest manifest, double seconds, int workers) {
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        Locale.ROOT,
        "wrote %d clips of %s (TxHxW) to %s%n",
        manifest.count(),
        manifest.clipShape(),
        out);
    long bytes = CliFiles.sizeOnDisk(out);
    o.printf(
        Locale.ROOT,
        "  %s on disk (%d bytes) in %d shards%n",
        SplitTable.bytes(bytes),
        bytes,
        manifest.shards().size());
    o.printf(
        Locale.ROOT,
        "  %.2f s, %.1f clips/s with %d thread%s%n",
        seconds,
        manifest.count() / seconds,
        workers,
        workers == 1 ? "" : "s");
    if (contactSheet != null) {
      o.printf("  contact sheet: %s%n", contactSheet);
    }
    o.println();
    o.print(SplitTable.render(manifest));
    o.flush();
  }
}
