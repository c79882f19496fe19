package io.actionstream.streams.integration;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real one-node KRaft cluster (one combined broker and controller, free local ports) for the
 * integration tests of this module and of inference-service (shared through this module's test
 * jar): internal topics with one replica and partition, so that transactions work on one broker,
 * and no initial rebalance delay, so that Kafka Streams instances join at once.
 */
public final class SingleNodeKafka {
  private SingleNodeKafka() {}

  /** Formats, starts and waits for the cluster; the caller closes it. */
  public static KafkaClusterTestKit start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }
}
