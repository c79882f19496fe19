package io.actionstream.core.dataset;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.image.ImageFitter;
import io.actionstream.core.image.JpegDecoder;
import io.actionstream.core.image.JpegDecoders;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.schema.PropertySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Bring-your-own data: clips listed in an {@code annotations.csv} ({@code path,split,sentence}),
 * each a directory of image frames or an MP4 file, brought to one {@link ClipShape} as they are
 * read (see {@link ClipLoader} for resizing and frame sampling). The partition of each clip is the
 * CSV's {@code split} column ({@code train|val|test|test_comp}).
 *
 * <p>{@link #open} checks every row (split, sentence, that the file exists) and fails naming the
 * first bad line; frames are decoded lazily, one clip at a time, while streaming.
 */
public final class FolderDataset implements ClipSource {
  /** The annotation file looked for when {@link #open} is given a directory. */
  public static final String ANNOTATIONS = "annotations.csv";

  private final Path csv;
  private final PropertySchema schema;
  private final ClipShape shape;
  private final ImageFitter fitter;
  private final List<AnnotationsCsv.Row> rows;

  private FolderDataset(
      Path csv,
      PropertySchema schema,
      ClipShape shape,
      ImageFitter fitter,
      List<AnnotationsCsv.Row> rows) {
    this.csv = csv;
    this.schema = schema;
    this.shape = shape;
    this.fitter = fitter;
    this.rows = rows;
  }

  /**
   * Opens the annotation file {@code path} (or {@code path/annotations.csv} for a directory).
   *
   * @param shape the T×H×W every clip is brought to
   * @throws DatasetException naming the file and line of the first bad row
   */
  public static FolderDataset open(Path path, PropertySchema schema, ClipShape shape) {
    return open(path, schema, shape, ResizePolicy.STRETCH, JpegDecoders.auto());
  }

  /**
   * Opens the annotation file {@code path} (or {@code path/annotations.csv} for a directory), its
   * frames fitted to the shape under {@code resize}, JPEG decoded by {@code jpeg}: the service fits
   * frames of the same size under the same policy to the same pixels.
   *
   * @throws DatasetException naming the file and line of the first bad row
   */
  public static FolderDataset open(
      Path path, PropertySchema schema, ClipShape shape, ResizePolicy resize, JpegDecoder jpeg) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(shape, "shape");
    Path csv = Files.isDirectory(path) ? path.resolve(ANNOTATIONS) : path;
    ImageFitter fitter = new ImageFitter(shape.width(), shape.height(), resize, jpeg);
    return new FolderDataset(csv, schema, shape, fitter, AnnotationsCsv.read(csv, schema));
  }

  @Override
  public PropertySchema schema() {
    return schema;
  }

  @Override
  public ClipShape clipShape() {
    return shape;
  }

  /** Number of annotated clips in {@code partition} (from the CSV; no clip is decoded). */
  @Override
  public long count(Partition partition) {
    return rows.stream().filter(r -> r.partition() == partition).count();
  }

  /** Number of annotated clips. */
  public int size() {
    return rows.size();
  }

  @Override
  public Stream<LabelledClip> stream(Partition partition) {
    Objects.requireNonNull(partition, "partition");
    return rows.stream().filter(r -> r.partition() == partition).map(this::load);
  }

  @Override
  public Stream<LabelledClip> streamAll() {
    return rows.stream().map(this::load);
  }

  private LabelledClip load(AnnotationsCsv.Row row) {
    try {
      return new LabelledClip(
          row.path(), ClipLoader.load(row.file(), shape, fitter), row.sentence());
    } catch (IOException | RuntimeException e) {
      throw new DatasetException(
          csv.getFileName() + " line " + row.line() + " (" + row.path() + "): " + e.getMessage(),
          e);
    }
  }

  /** Nothing to release: files are opened and closed per clip. */
  @Override
  public void close() {}
}
