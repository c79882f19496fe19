package io.actionstream.service;

import io.actionstream.service.config.ServiceConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: runs the service until SIGTERM/SIGINT (a JVM shutdown hook closes it within {@code
 * shutdown.timeout.ms}) or until Kafka Streams dies (the command then fails, exit 1).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve predictions and answers: Kafka Streams topology + ONNX Runtime + HTTP health/metrics.",
      "Settings: --config file < ACTIONSTREAM_<KEY> environment variables < --set key=value."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand ServiceCli parent;
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws InterruptedException {
    ServiceConfig config = options.load(spec, parent.environment);
    ActionStreamService service = ActionStreamService.start(config);
    Thread hook = new Thread(service::close, "actionstream-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      service.awaitTermination();
    } finally {
      Optional<String> failure = service.failure();
      service.close();
      removeHook(hook);
      failure.ifPresent(
          f -> {
            throw new IllegalStateException(f + " (see the log above)");
          });
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing to remove
    }
  }
}
