/**
 * The service's metrics (Micrometer, Prometheus registry): {@link
 * io.actionstream.service.metrics.ServiceMetrics} owns the registry and its binders, {@link
 * io.actionstream.service.metrics.MicrometerTopologyListener} counts records and dead letters,
 * {@link io.actionstream.service.metrics.MeteredPredictor} times predictor calls. Names in {@link
 * io.actionstream.service.metrics.MetricNames}; every metric is described in {@code
 * docs/operations.md}.
 */
package io.actionstream.service.metrics;
