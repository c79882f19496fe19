package io.actionstream.service.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topology's missing topics ({@code topics.create}, for demos and tests) and waits
 * until every topic can be described, so that the co-partitioning check that follows sees them.
 * Existing topics are left as they are; a topic created meanwhile by another instance is fine.
 */
public final class TopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /**
   * Creates those of {@code names} that do not exist.
   *
   * @return the names created
   * @throws IllegalStateException naming the topics if listing or creating fails or times out
   */
  public static List<String> createMissing(
      Admin admin,
      Collection<String> names,
      int partitions,
      short replicationFactor,
      Map<String, String> topicConfigs,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Set<String> existing =
          admin.listTopics().names().get(remaining(deadline), TimeUnit.NANOSECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : names) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, partitions, replicationFactor).configs(topicConfigs));
        }
      }
      List<String> created = new ArrayList<>();
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(remaining(deadline), TimeUnit.NANOSECONDS);
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + entry.getKey() + ": " + e.getCause(), e.getCause());
          }
        }
      }
      if (!created.isEmpty()) {
        LOG.info(
            "created topics {} ({} partitions, replication factor {}, {})",
            created,
            partitions,
            replicationFactor,
            topicConfigs);
      }
      awaitDescribable(admin, names, deadline);
      return created;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot create topics " + names + ": no answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + names, e);
    }
  }

  /** Waits until the metadata of freshly created topics has reached the brokers. */
  private static void awaitDescribable(Admin admin, Collection<String> names, long deadline)
      throws InterruptedException, TimeoutException {
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get(remaining(deadline), TimeUnit.NANOSECONDS);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "created topics " + names + " cannot be described: " + e.getCause(), e.getCause());
        }
        Thread.sleep(100);
      }
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }
}
