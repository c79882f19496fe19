package io.actionstream.streams.topology;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.streams.config.StreamProcessorsConfig;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class CoPartitioningTest {
  private static final Topics TOPICS = Topics.of(StreamProcessorsConfig.defaults());

  /** An Admin that only describes topics, with the given partition counts. */
  private static Admin admin(Map<String, Integer> partitions) {
    return (Admin)
        Proxy.newProxyInstance(
            Admin.class.getClassLoader(),
            new Class<?>[] {Admin.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("describeTopics")
                  || !(args[0] instanceof Collection<?> names)) {
                throw new UnsupportedOperationException(method.getName());
              }
              Map<String, KafkaFuture<TopicDescription>> futures = new HashMap<>();
              for (Object o : names) {
                String name = (String) o;
                Integer n = partitions.get(name);
                KafkaFutureImpl<TopicDescription> f = new KafkaFutureImpl<>();
                if (n == null) {
                  f.completeExceptionally(new UnknownTopicOrPartitionException(name));
                } else {
                  f.complete(new TopicDescription(name, false, partitionInfos(n)));
                }
                futures.put(name, f);
              }
              return new DescribeTopicsResult(null, futures) {};
            });
  }

  private static List<TopicPartitionInfo> partitionInfos(int n) {
    Node node = new Node(0, "localhost", 9092);
    List<TopicPartitionInfo> infos = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      infos.add(new TopicPartitionInfo(p, node, List.of(node), List.of(node)));
    }
    return infos;
  }

  @Test
  void shouldAcceptEqualPartitionCounts() {
    assertDoesNotThrow(
        () ->
            CoPartitioning.verify(
                admin(Map.of("frames", 4, "clips", 4, "queries", 4, "labels", 4)), TOPICS));
  }

  @Test
  void shouldRefuseDifferentPartitionCountsNamingEachTopic() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                CoPartitioning.verify(
                    admin(Map.of("frames", 2, "clips", 2, "queries", 2, "labels", 3)), TOPICS));
    assertTrue(e.getMessage().endsWith("frames=2, clips=2, queries=2, labels=3"), e.getMessage());
  }

  @Test
  void shouldRefuseAMissingTopic() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> CoPartitioning.verify(admin(Map.of("frames", 2, "clips", 2)), TOPICS));
    assertEquals(UnknownTopicOrPartitionException.class, e.getCause().getClass());
  }
}
