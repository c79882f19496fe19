/**
 * The serving benchmark ({@code actionstream bench}): {@link
 * io.actionstream.cli.bench.ServingBenchmark} times the ONNX Runtime predictor alone ({@link
 * io.actionstream.cli.bench.RawBenchmark}) and the whole pipeline through a real broker ({@link
 * io.actionstream.cli.bench.EndToEndBenchmark}, one {@link io.actionstream.cli.bench.Pass} per
 * timed window) in one run, and prints their ratio ({@link io.actionstream.cli.bench.BenchReport}).
 */
package io.actionstream.cli.bench;
