package io.actionstream.service.http;

/** What the health endpoints ask. Called on HTTP threads: implementations must be thread-safe. */
public interface HealthCheck {
  /** {@code /health/live}: down only when the process should be restarted. */
  Health liveness();

  /** {@code /health/ready}: up only when the service does its work. */
  Health readiness();
}
