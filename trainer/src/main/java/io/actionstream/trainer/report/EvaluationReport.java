package io.actionstream.trainer.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.actionstream.trainer.eval.EvaluationResult;
import io.actionstream.trainer.eval.SlotAccuracy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes evaluation results of several partitions (e.g. {@code val}, {@code test}, {@code
 * test_comp}) as {@value #JSON_FILE} and {@value #MARKDOWN_FILE}.
 *
 * <p>The JSON is {@code {"partitions": [...]}}, one object per partition with its counts, mean
 * loss, sentence and mean slot accuracy, and per slot its accuracy, words and confusion matrix as
 * {@code {"trueWord": {"predictedWord": count}}}, every cell present. {@link #readJson(Path)} reads
 * it back; derived fields (accuracies) are recomputed, not read.
 *
 * <p>The Markdown has one summary table (partition, clips, sentence accuracy, one column per slot)
 * followed by a confusion table per slot per partition, rows the true word and columns the
 * predicted word.
 */
public final class EvaluationReport {
  /** File name of the JSON report. */
  public static final String JSON_FILE = "evaluation.json";

  /** File name of the Markdown report. */
  public static final String MARKDOWN_FILE = "evaluation.md";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EvaluationReport() {}

  /** The JSON document: the partitions in the order given. */
  record Document(List<PartitionJson> partitions) {}

  /** One partition; {@code clips} is {@link EvaluationResult#examples()}. */
  record PartitionJson(
      String partition,
      long clips,
      double meanLoss,
      long sentenceCorrect,
      double sentenceAccuracy,
      double meanSlotAccuracy,
      List<SlotJson> slots) {}

  /** One slot; {@code confusion} maps true word to predicted word to count. */
  record SlotJson(
      String slot,
      double accuracy,
      long correct,
      long total,
      List<String> words,
      Map<String, Map<String, Long>> confusion) {}

  /**
   * Writes {@value #JSON_FILE} and {@value #MARKDOWN_FILE} into {@code dir} (created if missing).
   *
   * @throws IllegalArgumentException if the partitions disagree on slot names or a confusion matrix
   *     is not words × words
   */
  public static void write(List<EvaluationResult> results, Path dir) throws IOException {
    String markdown = markdown(results);
    String json = json(results);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(JSON_FILE), json, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(MARKDOWN_FILE), markdown, StandardCharsets.UTF_8);
  }

  /** The JSON report as a string; see the class comment for its shape. */
  public static String json(List<EvaluationResult> results) throws IOException {
    List<PartitionJson> partitions = new ArrayList<>(results.size());
    for (EvaluationResult r : results) {
      List<SlotJson> slots = new ArrayList<>(r.slots().size());
      for (SlotAccuracy s : r.slots()) {
        slots.add(
            new SlotJson(
                s.slot(), s.accuracy(), s.correct(), s.total(), s.words(), labelled(r, s)));
      }
      partitions.add(
          new PartitionJson(
              r.partition(),
              r.examples(),
              r.meanLoss(),
              r.sentenceCorrect(),
              r.sentenceAccuracy(),
              r.meanSlotAccuracy(),
              slots));
    }
    return JSON.writeValueAsString(new Document(partitions)) + "\n";
  }

  /**
   * Reads a {@value #JSON_FILE} back into results, in file order.
   *
   * @throws IOException if the file cannot be read or is not a report
   */
  public static List<EvaluationResult> readJson(Path file) throws IOException {
    Document doc = JSON.readValue(file.toFile(), Document.class);
    if (doc.partitions() == null) {
      throw new IOException(file + ": expected an object with a \"partitions\" array");
    }
    List<EvaluationResult> out = new ArrayList<>(doc.partitions().size());
    for (PartitionJson p : doc.partitions()) {
      List<SlotAccuracy> slots = new ArrayList<>();
      for (SlotJson s : p.slots() == null ? List.<SlotJson>of() : p.slots()) {
        List<String> words = s.words() == null ? List.of() : s.words();
        int n = words.size();
        long[][] confusion = new long[n][n];
        Map<String, Map<String, Long>> cells = s.confusion() == null ? Map.of() : s.confusion();
        for (int i = 0; i < n; i++) {
          Map<String, Long> row = cells.getOrDefault(words.get(i), Map.of());
          for (int j = 0; j < n; j++) {
            Long count = row.get(words.get(j));
            confusion[i][j] = count == null ? 0 : count;
          }
        }
        slots.add(
            new SlotAccuracy(s.slot(), List.copyOf(words), s.correct(), s.total(), confusion));
      }
      out.add(
          new EvaluationResult(
              p.partition(), p.clips(), p.meanLoss(), p.sentenceCorrect(), List.copyOf(slots)));
    }
    return out;
  }

  /**
   * The Markdown report as a string.
   *
   * @throws IllegalArgumentException if the partitions disagree on slot names or a confusion matrix
   *     is not words × words
   */
  public static String markdown(List<EvaluationResult> results) {
    Objects.requireNonNull(results, "results");
    StringBuilder md = new StringBuilder("# Evaluation\n\n");
    if (results.isEmpty()) {
      return md.append("No partitions were evaluated.\n").toString();
    }
    List<String> slotNames = slotNames(results.get(0));
    for (EvaluationResult r : results) {
      if (!slotNames(r).equals(slotNames)) {
        throw new IllegalArgumentException(
            "every partition needs the same slots for one table: expected "
                + slotNames
                + " (from "
                + results.get(0).partition()
                + "), got "
                + slotNames(r)
                + " from "
                + r.partition());
      }
    }
    md.append(results.get(0).markdownHeader()).append('\n');
    for (EvaluationResult r : results) {
      md.append(r.markdownRow()).append('\n');
    }
    md.append('\n');
    for (EvaluationResult r : results) {
      md.append(
          String.format(
              Locale.ROOT, "Mean loss per clip on %s: %.4f%n", r.partition(), r.meanLoss()));
    }
    md.append("\n## Confusion matrices\n\nRows are the true word, columns the predicted word.\n");
    for (EvaluationResult r : results) {
      for (SlotAccuracy s : r.slots()) {
        md.append('\n').append(confusionTable(r, s));
      }
    }
    return md.toString();
  }

  /** One slot's confusion matrix as a headed Markdown table, ending with a newline. */
  static String confusionTable(EvaluationResult r, SlotAccuracy s) {
    checkSquare(r, s);
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "### %s: %s (%.1f%% of %d)%n%n",
            r.partition(),
            s.slot(),
            100 * s.accuracy(),
            s.total()));
    StringBuilder rule = new StringBuilder("|---|");
    md.append("| true \\ predicted |");
    for (String w : s.words()) {
      md.append(' ').append(cell(w)).append(" |");
      rule.append("---:|");
    }
    md.append('\n').append(rule).append('\n');
    for (int i = 0; i < s.words().size(); i++) {
      md.append("| ").append(cell(s.words().get(i))).append(" |");
      for (long count : s.confusion()[i]) {
        md.append(' ').append(count).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static List<String> slotNames(EvaluationResult r) {
    List<String> names = new ArrayList<>(r.slots().size());
    for (SlotAccuracy s : r.slots()) {
      names.add(s.slot());
    }
    return names;
  }

  private static Map<String, Map<String, Long>> labelled(EvaluationResult r, SlotAccuracy s) {
    checkSquare(r, s);
    if (new HashSet<>(s.words()).size() != s.words().size()) {
      throw new IllegalArgumentException(
          "slot " + s.slot() + " of " + r.partition() + " has repeated words: " + s.words());
    }
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (int i = 0; i < s.words().size(); i++) {
      Map<String, Long> row = new LinkedHashMap<>();
      for (int j = 0; j < s.words().size(); j++) {
        row.put(s.words().get(j), s.confusion()[i][j]);
      }
      out.put(s.words().get(i), row);
    }
    return out;
  }

  private static void checkSquare(EvaluationResult r, SlotAccuracy s) {
    int n = s.words().size();
    boolean ok = s.confusion().length == n;
    for (long[] row : s.confusion()) {
      ok &= row.length == n;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "confusion of slot "
              + s.slot()
              + " of "
              + r.partition()
              + " must be "
              + n
              + "x"
              + n
              + " (one row and column per word), got "
              + s.confusion().length
              + " rows");
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
