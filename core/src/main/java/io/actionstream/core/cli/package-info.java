/**
 * The {@code actionstream-data} command line (picocli): {@link io.actionstream.core.cli.DataCli} is
 * the top command, with one class per subcommand ({@link io.actionstream.core.cli.GenerateCommand},
 * {@link io.actionstream.core.cli.InspectCommand}, {@link
 * io.actionstream.core.cli.ContactSheetCommand}). Exit codes: 0 success, 1 runtime error, 2 usage
 * error. See docs/cli-data.md.
 */
package io.actionstream.core.cli;
