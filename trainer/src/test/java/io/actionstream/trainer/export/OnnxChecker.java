package io.actionstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference checker, {@code onnx.checker.check_model(model, full_check=True)}, in a Python
 * child process. A machine without Python's {@code onnx} module fails the test with a message
 * saying what to install: the check is never skipped.
 *
 * <p>The interpreter is {@code -Dactionstream.python=...} if set, else the first of {@code python3}
 * on the PATH and {@code /usr/bin/python3} that can import {@code onnx} (the Debian package {@code
 * python3-onnx} installs into the system interpreter, which a pyenv shim may hide).
 */
final class OnnxChecker {
  private static final String CHECK =
      "import sys, onnx\n"
          + "m = onnx.load(sys.argv[1])\n"
          + "onnx.checker.check_model(m, full_check=True)\n"
          + "print('ok onnx', onnx.__version__, 'ir', m.ir_version, 'opset',"
          + " m.opset_import[0].version)\n";

  private static String python;

  private OnnxChecker() {}

  /** Checks {@code model}; fails the test with the checker's message if it is refused. */
  static String check(Path model) {
    Result r = exec(interpreter(), "-c", CHECK, model.toAbsolutePath().toString());
    if (r.exit != 0) {
      fail("onnx.checker refused " + model + ":\n" + r.output);
    }
    return r.output.strip();
  }

  private static synchronized String interpreter() {
    if (python != null) {
      return python;
    }
    List<String> candidates = new ArrayList<>();
    String configured = System.getProperty("actionstream.python");
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    } else {
      candidates.add("python3");
      candidates.add("/usr/bin/python3");
    }
    StringBuilder tried = new StringBuilder();
    for (String candidate : candidates) {
      Result r = exec(candidate, "-c", "import onnx; print(onnx.__version__)");
      if (r.exit == 0) {
        python = candidate;
        return python;
      }
      tried.append("\n  ").append(candidate).append(": ").append(r.output.strip());
    }
    fail(
        "the ONNX checker needs Python 3 with the onnx module; install it with"
            + " 'apt-get install -y python3-onnx' (Debian/Ubuntu) or 'pip install onnx', or point"
            + " -Dactionstream.python at an interpreter that has it. Tried:"
            + tried);
    throw new AssertionError("unreachable");
  }

  private record Result(int exit, String output) {}

  private static Result exec(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + out);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, "cannot run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  static void assertOk(String output) {
    assertEquals(true, output.startsWith("ok onnx"), output);
  }
}
