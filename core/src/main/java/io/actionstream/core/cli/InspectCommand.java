package io.actionstream.core.cli;

import io.actionstream.core.dataset.DatasetManifest;
import io.actionstream.core.dataset.DatasetReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream-data inspect}: prints a dataset's manifest summary and its splits ×
 * partitions table; {@code --verify} also checks every shard's SHA-256.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Summarise a dataset directory; --verify also checks shard checksums.")
public final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "Dataset directory (holding manifest.json).")
  Path dir;

  @Option(names = "--verify", description = "Check the SHA-256 of every shard (reads everything).")
  boolean verify;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    try (DatasetReader reader = DatasetReader.open(dir)) {
      DatasetManifest m = reader.manifest();
      o.printf("dataset    %s%n", dir);
      o.printf(
          Locale.ROOT,
          "schema     %s (%d sentences)%n",
          schemaSummary(m.schema()),
          reader.schema().combinationCount());
      o.printf("clips      %d of %s (TxHxW)%n", m.count(), m.clipShape());
      o.printf(
          "shards     %d, %s on disk (%d bytes)%n",
          m.shards().size(), SplitTable.bytes(CliFiles.sizeOnDisk(dir)), CliFiles.sizeOnDisk(dir));
      o.printf("seed       %d%n", m.seed());
      o.printf("generator  %s%n", m.generator());
      o.printf("created    %s%n", m.createdAt());
      o.println();
      o.print(SplitTable.render(m));
      o.flush();
      if (verify) {
        reader.verify();
        o.printf(
            "%nverify     OK: SHA-256 of all %d shards match the manifest%n", m.shards().size());
      }
    }
    o.flush();
    return DataCli.EXIT_OK;
  }

  private static String schemaSummary(Map<String, List<String>> schema) {
    return schema.entrySet().stream()
        .map(e -> e.getKey() + "(" + e.getValue().size() + ")")
        .collect(Collectors.joining(" "));
  }
}
