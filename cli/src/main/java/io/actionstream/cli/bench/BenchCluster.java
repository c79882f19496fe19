package io.actionstream.cli.bench;

import io.actionstream.cli.kafka.LocalKafka;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka cluster of one end-to-end measurement: a fresh {@link LocalKafka} in this JVM (the
 * default), or a broker that runs elsewhere, e.g. {@code actionstream broker} in another process,
 * so that the broker's threads, JIT and garbage collector are not the benchmark's. On a broker
 * elsewhere the measurement's topics, Kafka Streams' internal ones included, are deleted again when
 * it closes.
 */
abstract class BenchCluster implements AutoCloseable {
  private static final long ADMIN_TIMEOUT_SECONDS = 30;

  /** A fresh broker in this JVM, on free ports, stopped on close. */
  static BenchCluster inProcess() {
    LocalKafka kafka = LocalKafka.start();
    return new BenchCluster() {
      @Override
      String bootstrapServers() {
        return kafka.bootstrapServers();
      }

      @Override
      void createTopics(Collection<String> names, int partitions) {
        kafka.createTopics(names, partitions);
      }

      @Override
      public void close() {
        kafka.close();
      }
    };
  }

  /**
   * The broker at {@code bootstrapServers}; on close, every topic whose name begins with {@code
   * prefix} is deleted (the measurement's own names begin with it, and so do those of its Kafka
   * Streams application).
   */
  static BenchCluster external(String bootstrapServers, String prefix) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    Admin admin = Admin.create(props);
    return new BenchCluster() {
      @Override
      String bootstrapServers() {
        return bootstrapServers;
      }

      @Override
      void createTopics(Collection<String> names, int partitions) {
        for (String name : names) {
          if (!name.startsWith(prefix)) {
            throw new IllegalArgumentException(name + " does not begin with " + prefix);
          }
        }
        LocalKafka.createTopics(admin, names, partitions);
      }

      @Override
      public void close() throws InterruptedException {
        try {
          List<String> ours =
              admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                  .filter(name -> name.startsWith(prefix))
                  .toList();
          admin.deleteTopics(ours).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          throw new IllegalStateException("cannot delete the topics " + prefix + "*", e);
        } finally {
          admin.close();
        }
      }
    };
  }

  /** Where clients connect. */
  abstract String bootstrapServers();

  /** Creates topics with {@code partitions} partitions, replication factor 1, large records. */
  abstract void createTopics(Collection<String> names, int partitions);

  @Override
  public abstract void close() throws InterruptedException;
}
