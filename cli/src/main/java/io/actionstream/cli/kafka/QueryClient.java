package io.actionstream.cli.kafka;

import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.Query;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireFormatException;
import io.actionstream.core.wire.WireSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One masked-property query round trip: sends a {@link Query} to the queries topic keyed by its
 * stream id and waits for the {@link Answer} with the same query id on the answers topic. The
 * answers consumer is positioned at the end of the topic before the query is sent, so the answer
 * cannot be missed.
 */
public final class QueryClient implements AutoCloseable {
  private final String bootstrapServers;
  private final String queriesTopic;
  private final String answersTopic;
  private final KafkaProducer<byte[], byte[]> producer;

  /** A client of the given topics; it owns one producer until closed. */
  public QueryClient(String bootstrapServers, String queriesTopic, String answersTopic) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.queriesTopic = Objects.requireNonNull(queriesTopic, "queriesTopic");
    this.answersTopic = Objects.requireNonNull(answersTopic, "answersTopic");
    this.producer = KafkaClients.producer(bootstrapServers);
  }

  /**
   * Sends {@code query} and returns its answer.
   *
   * @throws IllegalStateException if no answer arrives within {@code timeout}, naming the query,
   *     the topics and the likely cause
   */
  public Answer ask(Query query, Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> answers =
        KafkaClients.follower(bootstrapServers, List.of(answersTopic), false)) {
      producer
          .send(
              new ProducerRecord<>(
                  queriesTopic,
                  StreamIds.encode(query.streamId()),
                  WireSerdes.query().write(query)))
          .get(30, TimeUnit.SECONDS);
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : answers.poll(Duration.ofMillis(100))) {
          Answer answer = readOrNull(r.value());
          if (answer != null && answer.queryId().equals(query.queryId())) {
            return answer;
          }
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot send the query to topic '" + queriesTopic + "': " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the answer", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot send the query to topic '" + queriesTopic + "'", e);
    }
    throw new IllegalStateException(
        "no answer to query "
            + query.queryId()
            + " on topic '"
            + answersTopic
            + "' within "
            + timeout.toSeconds()
            + " s (is the ActionStream topology running against "
            + bootstrapServers
            + "?)");
  }

  private static Answer readOrNull(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      return WireSerdes.answer().read(value);
    } catch (WireFormatException e) {
      return null; // someone else's malformed record: not our answer
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
