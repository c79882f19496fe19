package io.actionstream.streams.inference;

import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A stream thread's producer under at-least-once that never lets a state-store change reach the
 * broker before the output records sent before it: the first changelog record (a topic ending in
 * {@value #CHANGELOG_SUFFIX}) after any other record first {@link #flush()}es, which waits until
 * every record sent so far is acknowledged.
 *
 * <p>Why: under at-least-once the assembler's window changelog and the clip's prediction are
 * written by one producer to different partitions, without a transaction. Had the changelog record
 * (the window, moved past the clip) been acknowledged and the process died before the prediction
 * was, the restarted task would restore that window, read the frame again as a duplicate, and the
 * clip would never be predicted. With this order a restored window implies its clips' outputs are
 * durable. The cost is one wait per commit (Kafka Streams flushes the record caches, then the
 * producer, at each commit) and per cache eviction that follows output.
 */
final class OutputBeforeChangelogProducer extends ForwardingProducer {
  /** Kafka Streams' changelog topics are named {@code <application.id>-<store>-changelog}. */
  static final String CHANGELOG_SUFFIX = "-changelog";

  private boolean outputSinceFlush;

  OutputBeforeChangelogProducer(Producer<byte[], byte[]> delegate) {
    super(delegate);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    if (!record.topic().endsWith(CHANGELOG_SUFFIX)) {
      outputSinceFlush = true;
    } else if (outputSinceFlush) {
      delegate().flush();
      outputSinceFlush = false;
    }
    return delegate().send(record, callback);
  }

  @Override
  public void flush() {
    outputSinceFlush = false;
    delegate().flush();
  }
}
