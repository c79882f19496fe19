package io.actionstream.service.integration;

import static org.junit.jupiter.api.Assertions.fail;

import io.actionstream.service.ServiceCli;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code actionstream-service serve --config FILE} in a child JVM on this test's classpath, its
 * output in a log file: for tests that signal or kill the service.
 */
final class ServeProcess implements AutoCloseable {
  final Process process;
  final Path log;
  final int httpPort;

  private ServeProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Writes {@code settings} (plus {@code http.host=127.0.0.1} and a free {@code http.port}) to
   * {@code dir/service.properties} and starts {@code serve} with it, logging to {@code
   * dir/serve.log}.
   */
  static ServeProcess start(Path dir, Properties settings) throws IOException {
    Files.createDirectories(dir);
    int port = freePort();
    Properties p = new Properties();
    p.putAll(settings);
    p.put("http.host", "127.0.0.1");
    p.put("http.port", Integer.toString(port));
    Path config = dir.resolve("service.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      p.store(out, "ServeProcess");
    }
    Path log = dir.resolve("serve.log");
    Process process =
        new ProcessBuilder(
                javaExecutable(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                ServiceCli.class.getName(),
                "serve",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ServeProcess(process, log, port);
  }

  /** Polls {@code /health/ready} until 200; fails with the child's output if it exits first. */
  void awaitReady(Duration limit) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("serve exited " + process.exitValue() + " before ready\n" + output());
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    fail("serve not ready within " + limit + "\n" + output());
  }

  /** What the child printed so far. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
