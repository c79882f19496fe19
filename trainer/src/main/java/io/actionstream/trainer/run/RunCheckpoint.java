package io.actionstream.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.trainer.train.EarlyStopping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The resumable state of a supervised run after an epoch: {@code checkpoints/latest.json} names the
 * epoch whose {@code epoch-NNNN.params} (model) and {@code epoch-NNNN.optim} (optimizer) are
 * complete, the early-stopping state and the normalisation in use.
 *
 * @param epoch last completed epoch
 * @param earlyStopping early-stopping state after that epoch
 * @param normalisation pixel normalisation of the run
 */
public record RunCheckpoint(
    int epoch, EarlyStopping earlyStopping, ModelManifest.Normalisation normalisation) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The checkpoints directory of a run. */
  public static Path directory(Path runDir) {
    return runDir.resolve("checkpoints");
  }

  /** Model parameters of {@code epoch}. */
  public static Path parameters(Path runDir, int epoch) {
    return directory(runDir).resolve(String.format(Locale.ROOT, "epoch-%04d.params", epoch));
  }

  /** Optimizer state of {@code epoch}. */
  public static Path optimizer(Path runDir, int epoch) {
    return directory(runDir).resolve(String.format(Locale.ROOT, "epoch-%04d.optim", epoch));
  }

  /** Writes {@code latest.json} atomically (after the epoch's files are complete). */
  public void write(Path runDir) throws IOException {
    Path dir = directory(runDir);
    Files.createDirectories(dir);
    Path tmp = dir.resolve("latest.json.tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(
        tmp,
        dir.resolve("latest.json"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads {@code latest.json}, or null if the run has no checkpoint yet. */
  public static RunCheckpoint readLatest(Path runDir) throws IOException {
    Path file = directory(runDir).resolve("latest.json");
    return Files.exists(file) ? JSON.readValue(file.toFile(), RunCheckpoint.class) : null;
  }
}
