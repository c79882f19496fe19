package io.actionstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.cli.demo.DemoModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {
  @TempDir Path dir;

  @Test
  void validateShouldPrintOneLineAndExitZeroForAValidPackage() {
    Path pkg = DemoModel.extract(dir);
    CliRun run = CliRun.of("model", "validate", pkg.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(
        run.out()
            .startsWith(
                "valid: action-convlstm "
                    + DemoModel.VERSION
                    + ", slots size (2), colour (6), shape"
                    + " (4), action (8), input 8×3×32×32"),
        run.toString());
    assertEquals(1, run.out().lines().count(), run.toString());
  }

  @Test
  void validateShouldExitOneWithTheReasonForABrokenPackage() throws Exception {
    Path pkg = DemoModel.extract(dir);
    Path model = pkg.resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 1;
    Files.write(model, bytes);
    CliRun run = CliRun.of("model", "validate", pkg.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("model validate: error: BAD_CHECKSUM: "), run.toString());
  }

  @Test
  void validateShouldNameAMissingDirectory() {
    CliRun run = CliRun.of("model", "validate", dir.resolve("nope").toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("MISSING_FILE"), run.toString());
  }
}
