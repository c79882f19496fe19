package io.actionstream.core.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The outcome of running {@code actionstream-data} in-process: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@link DataCli#commandLine()} with {@code args}, capturing both output streams. */
  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = DataCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Text for assertion messages. */
  String describe() {
    return "exit " + exitCode + "\n--- out:\n" + out + "\n--- err:\n" + err;
  }
}
