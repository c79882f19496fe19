package io.actionstream.cli.bench;

import io.actionstream.service.ServiceCli;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code actionstream-service serve} in a JVM of its own (this process's Java and classpath), so
 * that its memory and file descriptors can be measured apart from the broker and the load
 * generator. Reads {@code /health/ready} and {@code /metrics}, and {@code /proc/<pid>} on Linux.
 */
final class ServiceChild implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final int port;

  private ServiceChild(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts {@code serve} with {@code settings} (written to {@code dir}), heap {@code xmx}. */
  static ServiceChild start(Path dir, Map<String, String> settings, int port, String xmx)
      throws IOException {
    Properties p = new Properties();
    p.putAll(settings);
    p.put("http.host", "127.0.0.1");
    p.put("http.port", Integer.toString(port));
    Path config = dir.resolve("service.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      p.store(out, "actionstream soak");
    }
    Path log = dir.resolve("service.log");
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx" + xmx,
                "-cp",
                System.getProperty("java.class.path"),
                ServiceCli.class.getName(),
                "serve",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ServiceChild(process, log, port);
  }

  /**
   * Waits until {@code /health/ready} answers 200.
   *
   * @throws IllegalStateException if the child exits or is not ready within {@code limit}
   */
  void awaitReady(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the service exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (get("/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the service is not ready after " + limit + "; see " + log);
  }

  /** The body of {@code GET path}. */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Whether the child still runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** Resident set size in bytes ({@code /proc/<pid>/status} VmRSS), or -1 where unknown. */
  long rssBytes() {
    try (Stream<String> lines = Files.lines(Path.of("/proc", pid(), "status"))) {
      return lines
          .filter(l -> l.startsWith("VmRSS:"))
          .findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
          .orElse(-1L);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Open file descriptors ({@code /proc/<pid>/fd}), or -1 where unknown. */
  long openFiles() {
    try (Stream<Path> fds = Files.list(Path.of("/proc", pid(), "fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private String pid() {
    return Long.toString(process.pid());
  }

  /** The service's log file. */
  Path log() {
    return log;
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
