/**
 * The {@code actionstream} command line ({@link io.actionstream.cli.ActionStreamCli}): {@code
 * demo}, {@code broker}, {@code produce}, {@code watch} and {@code query}, one class per command,
 * and the one-line formats of output records ({@link io.actionstream.cli.RecordLines}).
 */
package io.actionstream.cli;
