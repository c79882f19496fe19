package io.actionstream.core.cli;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.ClipShape;
import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.DatasetReader;
import io.actionstream.core.dataset.FolderDataset;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.ContactSheet;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code actionstream-data contact-sheet}: draws the first clips of one split's partition of a
 * dataset (or of a bring-your-own folder with {@code --folder}) to a PNG.
 */
@Command(
    name = "contact-sheet",
    mixinStandardHelpOptions = true,
    description = "Write a PNG of the first clips of a dataset partition, one row per clip.")
public final class ContactSheetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "DIR",
      description = "Dataset directory, or with --folder a folder with annotations.csv.")
  Path dir;

  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "PNG to write.")
  Path out;

  @Option(
      names = "--split",
      defaultValue = "iid",
      description = "Split of a dataset (default ${DEFAULT-VALUE}; ignored with --folder).")
  String split;

  @Option(
      names = "--partition",
      defaultValue = "train",
      converter = PartitionConverter.class,
      description = "train, val, test or test_comp (default ${DEFAULT-VALUE}).")
  Partition partition;

  @Option(
      names = "--clips",
      defaultValue = "8",
      description = "Clips (rows) on the sheet (default ${DEFAULT-VALUE}).")
  int clips;

  @Option(
      names = "--frames-across",
      defaultValue = "8",
      description = "Frames per row (default ${DEFAULT-VALUE}).")
  int framesAcross;

  @Option(
      names = "--folder",
      description = "DIR is a bring-your-own folder dataset (annotations.csv).")
  boolean folder;

  @Option(
      names = "--schema",
      defaultValue = "default",
      description = "Schema of a --folder dataset; only 'default' (default ${DEFAULT-VALUE}).")
  String schema;

  @Option(
      names = "--shape",
      defaultValue = "16x64x64",
      converter = ShapeConverter.class,
      description = "TxHxW a --folder dataset's clips are brought to (default ${DEFAULT-VALUE}).")
  ClipShape shape;

  @Override
  public Integer call() throws Exception {
    requireAtLeast("--clips", clips);
    requireAtLeast("--frames-across", framesAcross);
    if (!schema.equals("default")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "Invalid value for option '--schema': only 'default' is supported, got '" + schema + "'");
    }
    List<LabelledClip> chosen;
    try (ClipSource source = open();
        Stream<LabelledClip> stream = source.stream(partition)) {
      chosen = stream.limit(clips).toList();
    }
    if (chosen.isEmpty()) {
      throw new IllegalStateException(
          "no clips in partition " + partition.csvName() + (folder ? "" : " of split " + split));
    }
    ContactSheet.write(chosen, out, framesAcross);
    spec.commandLine().getOut().printf("wrote %s (%d clips)%n", out, chosen.size());
    spec.commandLine().getOut().flush();
    return DataCli.EXIT_OK;
  }

  private ClipSource open() {
    if (folder) {
      return FolderDataset.open(dir, PropertySchema.defaultSchema(), shape);
    }
    return DatasetReader.open(dir).split(split);
  }

  private void requireAtLeast(String option, int value) {
    if (value < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "Invalid value for option '" + option + "': must be at least 1, got " + value);
    }
  }

  /** Parses a partition name with {@link Partition#parse}. */
  static final class PartitionConverter implements ITypeConverter<Partition> {
    @Override
    public Partition convert(String value) {
      try {
        return Partition.parse(value);
      } catch (IllegalArgumentException e) {
        throw withCause(new TypeConversionException(e.getMessage()), e);
      }
    }
  }

  /** Parses {@code TxHxW}, e.g. {@code 16x64x64}. */
  static final class ShapeConverter implements ITypeConverter<ClipShape> {
    @Override
    public ClipShape convert(String value) {
      String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x");
      try {
        if (parts.length != 3) {
          throw new IllegalArgumentException("expected TxHxW such as 16x64x64");
        }
        return new ClipShape(
            Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
      } catch (IllegalArgumentException e) {
        throw withCause(new TypeConversionException("'" + value + "': " + e.getMessage()), e);
      }
    }
  }

  /** Picocli's TypeConversionException has no cause constructor; attach it afterwards. */
  static TypeConversionException withCause(TypeConversionException e, Throwable cause) {
    e.initCause(cause);
    return e;
  }
}
