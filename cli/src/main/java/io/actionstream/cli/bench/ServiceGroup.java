package io.actionstream.cli.bench;

import io.actionstream.cli.demo.PrometheusText;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Instances of the service in JVMs of their own ({@link ServiceChild}), one application: what the
 * soak benchmark measures, summed over the instances.
 */
final class ServiceGroup implements AutoCloseable {
  private final List<ServiceChild> children = new ArrayList<>();

  /**
   * Starts {@code instances} children with {@code settings}, each with a state directory and HTTP
   * port of its own under {@code work}.
   */
  static ServiceGroup start(Path work, Map<String, String> settings, int instances, String heap)
      throws IOException, InterruptedException {
    ServiceGroup group = new ServiceGroup();
    try {
      for (int i = 0; i < instances; i++) {
        Path dir = Files.createDirectories(work.resolve("instance-" + i));
        Map<String, String> own = new HashMap<>(settings);
        own.put("state.dir", dir.resolve("state").toString());
        group.children.add(ServiceChild.start(dir, own, freePort(), heap));
      }
      return group;
    } catch (IOException | RuntimeException e) {
      group.close();
      throw e;
    }
  }

  /** Waits until every instance is ready. */
  void awaitReady(Duration limit) throws InterruptedException {
    for (ServiceChild child : children) {
      child.awaitReady(limit);
    }
  }

  /** Whether every instance still runs. */
  boolean alive() {
    return children.stream().allMatch(ServiceChild::alive);
  }

  /** The log of an instance that died, or of the first. */
  Path log() {
    return children.stream().filter(c -> !c.alive()).findFirst().orElse(children.get(0)).log();
  }

  /** Resident memory of all instances, MB; NaN where unknown. */
  double rssMb() {
    long sum = 0;
    for (ServiceChild c : children) {
      long rss = c.rssBytes();
      if (rss < 0) {
        return Double.NaN;
      }
      sum += rss;
    }
    return sum / 1048576.0;
  }

  /** Open files of all instances; -1 where unknown. */
  long openFiles() {
    long sum = 0;
    for (ServiceChild c : children) {
      long fds = c.openFiles();
      if (fds < 0) {
        return -1;
      }
      sum += fds;
    }
    return sum;
  }

  /**
   * Heap in use of all instances ({@code jvm_memory_used_bytes{area="heap"}}), MB; NaN if unknown.
   */
  double heapMb() {
    double sum = 0;
    for (ServiceChild c : children) {
      try {
        sum +=
            PrometheusText.parse(c.get("/metrics").body())
                .sum("jvm_memory_used_bytes", Map.of("area", "heap"));
      } catch (IOException | RuntimeException e) {
        return Double.NaN;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Double.NaN;
      }
    }
    return sum / 1048576.0;
  }

  @Override
  public void close() throws InterruptedException {
    for (ServiceChild c : children) {
      c.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
