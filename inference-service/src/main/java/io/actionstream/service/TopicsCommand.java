package io.actionstream.service;

import io.actionstream.core.registry.ModelRegistry;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.service.config.ServiceConfig.ModelSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code topics}: creates the service's missing topics (and the registry's, with {@code
 * model.source=registry}), checks that frames, clips and queries are co-partitioned, and exits; for
 * a deployment's topic-setup job.
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Create the missing topics with topics.partitions and topics.replication.factor (and the"
          + " model registry's, with model.source=registry), check co-partitioning, then exit.",
      "Existing topics are left as they are."
    })
final class TopicsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand ServiceCli parent;
  @Mixin ConfigOptions options;

  @Option(
      names = "--extra-topic",
      paramLabel = "TOPIC",
      description =
          "Another topic to create if missing, with the same partitions and replication, e.g."
              + " the retraining job's labels topic (repeatable).")
  List<String> extraTopics = new ArrayList<>();

  @Override
  public Integer call() {
    ServiceConfig config = options.load(spec, parent.environment);
    PrintWriter out = spec.commandLine().getOut();
    List<String> names = ActionStreamService.prepareTopics(config, true, extraTopics);
    out.println("topics ready: " + String.join(", ", names));
    if (config.modelSource() == ModelSource.REGISTRY) {
      try (ModelRegistry registry = config.openRegistry(true)) {
        out.println("registry ready: " + registry);
      }
    }
    return 0;
  }
}
