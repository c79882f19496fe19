package io.actionstream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.cli.CliErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code actionstream-service}: exit codes and messages, without a broker. */
class ServiceCliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = ServiceCli.commandLine(env);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = CliErrors.execute(cl, args);
    return new Run(code, out.toString(), err.toString());
  }

  static final String[] REQUIRED = {
    "--set",
    "model.path=/models/m",
    "--set",
    "application.id=a",
    "--set",
    "bootstrap.servers=b:9092"
  };

  static String[] with(String... more) {
    String[] args = new String[REQUIRED.length + more.length];
    System.arraycopy(more, 0, args, 0, more.length);
    System.arraycopy(REQUIRED, 0, args, more.length, REQUIRED.length);
    return args;
  }

  @Test
  void shouldPrintTheEffectiveConfigWithSecretsMasked() throws Exception {
    Path file = dir.resolve("service.properties");
    Files.writeString(file, "http.port=9000\nssl.key.password=file-secret\n");
    Run r =
        run(
            Map.of("ACTIONSTREAM_SASL_JAAS_CONFIG", "env-secret", "ACTIONSTREAM_HTTP_PORT", "9001"),
            with("config", "--config", file.toString(), "--set", "num.stream.threads=2"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("http.port=9001\n"), r.out());
    assertTrue(r.out().contains("num.stream.threads=2\n"), r.out());
    assertTrue(r.out().contains("sasl.jaas.config=[hidden]\n"), r.out());
    assertTrue(r.out().contains("ssl.key.password=[hidden]\n"), r.out());
    assertFalse(r.out().contains("secret"), r.out());
  }

  @Test
  void shouldExit2NamingAMissingKey() {
    Run r = run(Map.of(), "serve", "--set", "application.id=a", "--set", "bootstrap.servers=b:1");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("\"model.path\""), r.err());
  }

  @Test
  void shouldExit2NamingABadKeyAndItsSource() {
    Run typo = run(Map.of(), with("serve", "--set", "http.prot=80"));
    assertEquals(2, typo.code(), typo.err());
    assertTrue(typo.err().contains("http.prot"), typo.err());
    assertTrue(typo.err().contains("(from --set http.prot)"), typo.err());

    Run env = run(Map.of("ACTIONSTREAM_CLIP_FRAMES", "0"), with("serve"));
    assertEquals(2, env.code());
    assertTrue(
        env.err().contains("clip.frames")
            && env.err().contains("(from environment variable ACTIONSTREAM_CLIP_FRAMES)"),
        env.err());
  }

  @Test
  void shouldExit2ForAnUnreadableConfigFile() {
    Run r = run(Map.of(), "serve", "--config", dir.resolve("missing.properties").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("missing.properties"), r.err());
  }

  @Test
  void shouldExit1WhenTheModelCannotBeOpened() {
    Run r =
        run(
            Map.of(),
            "serve",
            "--set",
            "model.path=" + dir,
            "--set",
            "application.id=a",
            "--set",
            "bootstrap.servers=127.0.0.1:1");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("manifest.json"), r.err());
  }
}
