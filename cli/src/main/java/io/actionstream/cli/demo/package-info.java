/**
 * The end-to-end demo: {@link io.actionstream.cli.demo.Demo} orchestrates a local broker, the
 * inference service with the bundled model ({@link io.actionstream.cli.demo.DemoService}, {@link
 * io.actionstream.cli.demo.DemoModel}), synthetic streams, queries, a dead letter, and a read-back
 * of the service's own {@code /metrics} ({@link io.actionstream.cli.demo.PrometheusText}, {@link
 * io.actionstream.cli.demo.MetricsSummary}).
 */
package io.actionstream.cli.demo;
