package io.actionstream.service.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {
  final AtomicBoolean live = new AtomicBoolean(true);
  final AtomicBoolean ready = new AtomicBoolean(false);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  HttpEndpoints http;

  @BeforeEach
  void start() {
    Counter.builder("test.events").tag("kind", "a").register(registry).increment(3);
    HealthCheck check =
        new HealthCheck() {
          @Override
          public Health liveness() {
            return new Health(live.get(), Map.of("streamsState", live.get() ? "RUNNING" : "ERROR"));
          }

          @Override
          public Health readiness() {
            return new Health(ready.get(), Map.of("modelVersion", "tiny-1"));
          }
        };
    http = HttpEndpoints.start("127.0.0.1", 0, check, registry);
  }

  @AfterEach
  void stop() {
    http.close();
    registry.close();
  }

  HttpResponse<String> send(String method, String path, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.address().getPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (accept != null) {
      b.header("Accept", accept);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null);
  }

  @Test
  void shouldAnswerLivenessFromTheCheck() throws Exception {
    HttpResponse<String> up = get(HttpEndpoints.LIVE);
    assertEquals(200, up.statusCode());
    assertEquals("application/json", up.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("{\"status\":\"UP\",\"streamsState\":\"RUNNING\"}", up.body());
    live.set(false);
    HttpResponse<String> down = get(HttpEndpoints.LIVE);
    assertEquals(503, down.statusCode());
    assertEquals("{\"status\":\"DOWN\",\"streamsState\":\"ERROR\"}", down.body());
  }

  @Test
  void shouldAnswerReadinessWithModelVersion() throws Exception {
    assertEquals(503, get(HttpEndpoints.READY).statusCode());
    ready.set(true);
    HttpResponse<String> r = get(HttpEndpoints.READY);
    assertEquals(200, r.statusCode());
    assertEquals("{\"status\":\"UP\",\"modelVersion\":\"tiny-1\"}", r.body());
  }

  @Test
  void shouldServePrometheusTextAndOpenMetricsOnRequest() throws Exception {
    HttpResponse<String> text = get(HttpEndpoints.METRICS);
    assertEquals(200, text.statusCode());
    assertEquals(
        HttpEndpoints.PROMETHEUS_TEXT, text.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(text.body().contains("test_events_total{kind=\"a\"} 3.0"), text.body());

    HttpResponse<String> om =
        send("GET", HttpEndpoints.METRICS, "application/openmetrics-text; version=1.0.0");
    assertEquals(
        HttpEndpoints.OPENMETRICS_TEXT, om.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(om.body().strip().endsWith("# EOF"), om.body());
  }

  @Test
  void shouldAnswer404ForOtherPathsAnd405ForOtherMethods() throws Exception {
    assertEquals(404, get("/").statusCode());
    assertEquals(404, get("/health/live/extra").statusCode());
    assertEquals(404, get("/metricsx").statusCode());
    HttpResponse<String> post = send("POST", HttpEndpoints.METRICS, null);
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
    HttpResponse<String> head = send("HEAD", HttpEndpoints.LIVE, null);
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
  }

  @Test
  void shouldRefuseConnectionsAfterClose() throws Exception {
    assertEquals(200, get(HttpEndpoints.LIVE).statusCode());
    http.close();
    http.close(); // idempotent
    IOException e = assertThrows(IOException.class, () -> get(HttpEndpoints.LIVE));
    assertTrue(e instanceof ConnectException, e.toString());
  }
}
