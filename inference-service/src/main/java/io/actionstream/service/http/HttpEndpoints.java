package io.actionstream.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP server (the JDK's {@link HttpServer}, no framework): {@value #LIVE}, {@value
 * #READY} and {@value #METRICS}, GET or HEAD. Any other path answers 404, any other method 405.
 *
 * <p>Requests run on a bounded pool ({@value #THREADS} threads, a queue of {@value #QUEUE}); when
 * both are full the accepting thread handles the request itself, which slows accepting down instead
 * of dropping connections.
 */
public final class HttpEndpoints implements AutoCloseable {
  /** Liveness path. */
  public static final String LIVE = "/health/live";

  /** Readiness path. */
  public static final String READY = "/health/ready";

  /** Prometheus scrape path. */
  public static final String METRICS = "/metrics";

  /** Prometheus text format 0.0.4, the default answer of {@value #METRICS}. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** OpenMetrics text, answered when the scraper's Accept header asks for it. */
  public static final String OPENMETRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  static final int THREADS = 2;
  static final int QUEUE = 32;

  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final HealthCheck health;
  private final PrometheusMeterRegistry registry;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpEndpoints(
      HttpServer server,
      ThreadPoolExecutor executor,
      HealthCheck health,
      PrometheusMeterRegistry registry) {
    this.server = server;
    this.executor = executor;
    this.health = health;
    this.registry = registry;
  }

  /**
   * Binds {@code host:port} (port 0 = any free port) and starts serving.
   *
   * @throws UncheckedIOException if the address cannot be bound, naming it
   */
  public static HttpEndpoints start(
      String host, int port, HealthCheck health, PrometheusMeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the HTTP server to " + host + ":" + port, e);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "actionstream-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    HttpEndpoints endpoints = new HttpEndpoints(server, executor, health, registry);
    server.createContext("/", endpoints::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info("HTTP endpoints on {}", server.getAddress());
    return endpoints;
  }

  /** The bound address (with the actual port when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!Map.of(LIVE, 1, READY, 1, METRICS, 1).containsKey(path)) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed: " + method + "\n");
      } else if (path.equals(METRICS)) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String type =
            accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_TEXT
                : PROMETHEUS_TEXT;
        send(exchange, 200, type, registry.scrape(type));
      } else {
        Health h = path.equals(LIVE) ? health.liveness() : health.readiness();
        send(exchange, h.up() ? 200 : 503, "application/json", JSON.writeValueAsString(h.body()));
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("HTTP request failed", e);
      try {
        send(exchange, 500, "text/plain; charset=utf-8", "internal error\n");
      } catch (IOException | RuntimeException ignored) {
        // headers already sent or connection gone: nothing more to say
      }
    } finally {
      exchange.close();
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops accepting, closes open exchanges and the thread pool. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
