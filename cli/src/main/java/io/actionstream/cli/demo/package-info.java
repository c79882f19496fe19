/**
 * The end-to-end demo: {@link io.actionstream.cli.demo.Demo} orchestrates a local broker, the
 * topology with the bundled model ({@link io.actionstream.cli.demo.DemoModel}), synthetic streams,
 * queries and a dead letter; {@link io.actionstream.cli.demo.StreamsProcessing} is the one step
 * that will become the service.
 */
package io.actionstream.cli.demo;
