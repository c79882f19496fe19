package io.actionstream.core.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;

/**
 * Who makes a registry change, why, and the figures it was judged on beyond the package's own
 * evaluation (a retraining gate's, say). Every {@link ModelRegistry} operation takes one and stores
 * it in the change's {@link RegistryEvent}.
 *
 * @param actor who, e.g. {@code alice@build-7}
 * @param reason why; not blank
 * @param metrics extra figures, may be empty
 */
public record Change(String actor, String reason, Map<String, Double> metrics) {
  public Change {
    Objects.requireNonNull(actor, "actor");
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a registry change needs a reason");
    }
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  /** A change by the current user on this host ({@link #currentUser()}), with no extra metrics. */
  public static Change because(String reason) {
    return new Change(currentUser(), reason, Map.of());
  }

  /** {@code user@host} of this process. */
  public static String currentUser() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return System.getProperty("user.name", "unknown") + "@" + host;
  }
}
