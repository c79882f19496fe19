package io.actionstream.streams.topology;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Checks that the topics sharing per-stream state have the same number of partitions.
 *
 * <p>Kafka Streams does <b>not</b> check this for this topology: its co-partition groups come only
 * from DSL joins and table operations ({@code InternalTopologyBuilder.copartitionSources}, called
 * by {@code AbstractStream} and {@code KTableImpl}, never by {@code Topology.addStateStore}). For
 * Processor-API sources in one sub-topology it creates as many tasks as the largest partition count
 * and gives each task partition p of every topic that has one (checked in kafka-streams 4.1.1,
 * {@code PartitionGrouper}), so with frames on 2 partitions and queries on 3, queries of partition
 * 2 would find no state. Call {@link #verify} before {@code KafkaStreams.start()}.
 */
public final class CoPartitioning {
  /** How long {@link #verify(Admin, Collection)} waits for the topic descriptions. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private CoPartitioning() {}

  /**
   * Checks the frames, clips and queries topics of {@code topics}.
   *
   * @throws IllegalStateException as {@link #verify(Admin, Collection)}
   */
  public static void verify(Admin admin, Topics topics) {
    verify(admin, topics.coPartitioned());
  }

  /**
   * Checks that every topic of {@code names} exists and that all have the same partition count.
   *
   * @throws IllegalStateException naming each topic and its partition count if they differ, or
   *     naming a topic that cannot be described (missing, not authorised, timeout)
   */
  public static void verify(Admin admin, Collection<String> names) {
    Map<String, TopicDescription> descriptions;
    try {
      descriptions =
          admin
              .describeTopics(
                  names, new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .allTopicNames()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot check co-partitioning of topics " + names + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot check co-partitioning of topics " + names + ": no answer within " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics " + names, e);
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String name : names) {
      TopicDescription d = descriptions.get(name);
      if (d == null) {
        throw new IllegalStateException("cannot check co-partitioning: topic " + name + " missing");
      }
      counts.put(name, d.partitions().size());
    }
    if (counts.values().stream().distinct().count() > 1) {
      throw new IllegalStateException(
          "topics "
              + List.copyOf(names)
              + " share per-stream state and must have the same number of partitions, got "
              + counts.entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(", ")));
    }
  }
}
