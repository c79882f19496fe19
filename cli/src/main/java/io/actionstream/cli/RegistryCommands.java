package io.actionstream.cli;

import io.actionstream.core.registry.Change;
import io.actionstream.core.registry.ModelRegistry;
import io.actionstream.core.registry.ModelVersion;
import io.actionstream.core.registry.RegistryEvent;
import io.actionstream.core.registry.RegistryState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The registry's operations on the command line ({@code actionstream model publish|list|show|
 * promote|rollback|retire|history}), each a thin shell around {@link ModelRegistry}.
 */
final class RegistryCommands {
  private RegistryCommands() {}

  /** Who makes a change: {@code --actor}, by default this user on this host. */
  static final class ActorOption {
    @Option(
        names = "--actor",
        paramLabel = "NAME",
        description = "Who: recorded in the event log (default: user@host).")
    String actor;

    String actor() {
      return actor == null ? Change.currentUser() : actor;
    }
  }

  /** Who and why, for the commands that change the registry. */
  static final class ChangeOptions {
    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        required = true,
        description = "Why: recorded in the registry's event log.")
    String reason;

    @Mixin ActorOption actor = new ActorOption();

    @Option(
        names = "--metric",
        paramLabel = "NAME=VALUE",
        description = "A figure the change was judged on, recorded with it (repeatable).")
    Map<String, Double> metrics = new LinkedHashMap<>();

    Change change() {
      return new Change(actor.actor(), reason, metrics);
    }
  }

  /** What every registry command shares: where the registry is, and where to print. */
  abstract static class RegistryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RegistryOptions registry = new RegistryOptions();

    @Override
    public final Integer call() {
      try (ModelRegistry r = registry.open()) {
        run(r, spec.commandLine().getOut());
      }
      return ActionStreamCli.EXIT_OK;
    }

    abstract void run(ModelRegistry registry, PrintWriter out);
  }

  @Command(
      name = "publish",
      description = {
        "Validates a model package (as `model validate` does) and stores it in the registry"
            + " under its manifest's version, with the manifest's metrics."
      })
  static final class Publish extends RegistryCommand {
    @Parameters(paramLabel = "PKG_DIR", description = "The package directory.")
    Path directory;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        defaultValue = "published",
        description = "Why: recorded in the event log (default ${DEFAULT-VALUE}).")
    String reason;

    @Mixin ActorOption actor = new ActorOption();

    @Override
    void run(ModelRegistry r, PrintWriter out) {
      ModelVersion v = r.publish(directory, new Change(actor.actor(), reason, Map.of()));
      out.printf(Locale.ROOT, "published %s (%s)%s%n", v.version(), v.name(), metrics(v.metrics()));
    }
  }

  @Command(name = "promote", description = "Makes a published version the serving one.")
  static final class Promote extends RegistryCommand {
    @Parameters(paramLabel = "VERSION", description = "The version to serve.")
    String version;

    @Mixin ChangeOptions change = new ChangeOptions();

    @Override
    void run(ModelRegistry r, PrintWriter out) {
      String before = r.state().serving().orElse("nothing");
      ModelVersion v = r.promote(version, change.change());
      out.printf(Locale.ROOT, "serving %s (was %s)%n", v.version(), before);
    }
  }

  @Command(
      name = "rollback",
      description = "Serves again the version promoted before the serving one.")
  static final class Rollback extends RegistryCommand {
    @Mixin ChangeOptions change = new ChangeOptions();

    @Override
    void run(ModelRegistry r, PrintWriter out) {
      String before = r.state().serving().orElse("nothing");
      ModelVersion v = r.rollback(change.change());
      out.printf(Locale.ROOT, "serving %s (rolled back from %s)%n", v.version(), before);
    }
  }

  @Command(
      name = "retire",
      description =
          "Retires a version that does not serve: it can no longer be promoted, and its"
              + " package is deleted.")
  static final class Retire extends RegistryCommand {
    @Parameters(paramLabel = "VERSION", description = "The version to retire.")
    String version;

    @Mixin ChangeOptions change = new ChangeOptions();

    @Override
    void run(ModelRegistry r, PrintWriter out) {
      out.printf(Locale.ROOT, "retired %s%n", r.retire(version, change.change()).version());
    }
  }

  @Command(name = "list", description = "Lists every published version with its status.")
  static final class ListVersions extends RegistryCommand {
    @Override
    void run(ModelRegistry r, PrintWriter out) {
      RegistryState s = r.state();
      if (s.versions().isEmpty()) {
        out.println("no versions published");
        return;
      }
      out.printf(
          Locale.ROOT,
          "%-32s %-9s %-24s %-20s %s%n",
          "VERSION",
          "STATUS",
          "PUBLISHED",
          "BY",
          "METRICS");
      for (ModelVersion v : s.versions()) {
        out.printf(
            Locale.ROOT,
            "%-32s %-9s %-24s %-20s %s%n",
            v.version(),
            v.status().name().toLowerCase(Locale.ROOT),
            v.publishedAt(),
            v.publishedBy(),
            metrics(v.metrics()).strip());
      }
    }
  }

  @Command(name = "show", description = "Shows one version and every change that concerned it.")
  static final class Show extends RegistryCommand {
    @Parameters(paramLabel = "VERSION", description = "The version.")
    String version;

    @Override
    void run(ModelRegistry r, PrintWriter out) {
      RegistryState s = r.state();
      ModelVersion v = s.require(version);
      out.printf(Locale.ROOT, "version    %s%n", v.version());
      out.printf(Locale.ROOT, "name       %s%n", v.name());
      out.printf(Locale.ROOT, "status     %s%n", v.status().name().toLowerCase(Locale.ROOT));
      out.printf(Locale.ROOT, "sha256     %s%n", v.sha256());
      out.printf(Locale.ROOT, "published  %s by %s%n", v.publishedAt(), v.publishedBy());
      out.printf(Locale.ROOT, "metrics   %s%n", metrics(v.metrics()));
      out.println("history");
      s.events(version).forEach(e -> out.println("  " + describe(e)));
    }
  }

  @Command(name = "history", description = "Prints every registry change, oldest first.")
  static final class History extends RegistryCommand {
    @Override
    void run(ModelRegistry r, PrintWriter out) {
      r.state().events().forEach(e -> out.println(describe(e)));
    }
  }

  static String describe(RegistryEvent e) {
    String what =
        switch (e.type()) {
          case PUBLISHED -> "published " + e.version();
          case PROMOTED ->
              "promoted " + e.version() + (e.previous() == null ? "" : " over " + e.previous());
          case ROLLED_BACK -> "rolled back " + e.previous() + " to " + e.version();
          case RETIRED -> "retired " + e.version();
          case REJECTED -> "rejected " + e.version();
        };
    return String.format(
        Locale.ROOT,
        "%s %s by %s: %s%s",
        e.time(),
        what,
        e.actor(),
        e.reason(),
        metrics(e.metrics()));
  }

  private static String metrics(Map<String, Double> metrics) {
    if (metrics.isEmpty()) {
      return "";
    }
    return metrics.entrySet().stream()
        .map(m -> String.format(Locale.ROOT, "%s=%.4f", m.getKey(), m.getValue()))
        .collect(Collectors.joining(" ", " [", "]"));
  }
}
