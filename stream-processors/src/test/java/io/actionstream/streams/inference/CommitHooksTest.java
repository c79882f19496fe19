package io.actionstream.streams.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.deadletter.RecordOrigin;
import io.actionstream.streams.metrics.TopologyListener;
import io.actionstream.streams.topology.ActionStreamTopology;
import io.actionstream.streams.topology.TestFrames;
import io.actionstream.streams.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The commit hooks on a {@link MockProducer}: exactly-once drains the thread's pending clips into
 * the open transaction before its offsets, an abort drops them, at-least-once drains and flushes
 * before the offset commit, and a thread without hooks is refused.
 */
class CommitHooksTest {
  private static final int T = 4;
  private final FakePredictor predictor = new FakePredictor(T, TestFrames.SIZE, TestFrames.SIZE);
  private final Topics topics = Topics.of(StreamProcessorsConfig.defaults());
  private final CommitHooks hooks = new CommitHooks();
  private final EventProducer mock = new EventProducer();
  private final String thread = Thread.currentThread().getName();

  /** A mock producer that logs sends and transaction calls in order. */
  private static final class EventProducer extends MockProducer<byte[], byte[]> {
    final List<String> events = new ArrayList<>();

    EventProducer() {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized Future<RecordMetadata> send(
        ProducerRecord<byte[], byte[]> record, Callback callback) {
      events.add("send " + record.topic());
      return super.send(record, callback);
    }

    @Override
    public void sendOffsetsToTransaction(
        Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
      events.add("offsets");
      super.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() {
      events.add("commit");
      super.commitTransaction();
    }
  }

  private ClipBatcher batcher() {
    return batcher(0);
  }

  private ClipBatcher batcher(int maxInFlight) {
    return hooks.batcherOfCurrentThread(
        true,
        () ->
            new ClipBatcher(
                8,
                Duration.ofMinutes(1),
                maxInFlight,
                new BatchInference(predictor),
                ActionStreamTopology.inferenceSinks(topics, TopologyListener.NONE),
                TopologyListener.NONE));
  }

  private static PendingClip pending(long first) {
    Clip clip = TestFrames.clip(first, T, TestFrames.SIZE);
    byte[] value = WireSerdes.clip().serializer().serialize("", clip);
    return new PendingClip(
        new TaskId(0, 0),
        "cam-1",
        clip,
        new Record<>(new byte[0], value, 1000L + first, new RecordHeaders()),
        new RecordOrigin("clips", 0, first),
        0L);
  }

  @Test
  void shouldProduceThePendingBatchIntoTheTransactionBeforeItsOffsets() {
    CommitDrainingProducer producer = new CommitDrainingProducer(mock, hooks, true);
    hooks.producerCreated(thread, producer);
    ClipBatcher batcher = batcher();
    batcher.add(pending(0));
    batcher.add(pending(2));

    producer.initTransactions();
    producer.beginTransaction();
    producer.sendOffsetsToTransaction(
        Map.of(new TopicPartition("clips", 0), new OffsetAndMetadata(3)),
        new ConsumerGroupMetadata("app"));
    producer.commitTransaction();

    String predictions = "send " + topics.predictions().name();
    assertEquals(List.of(predictions, predictions, "offsets", "commit"), mock.events);
    assertTrue(mock.transactionCommitted());
    assertEquals(0, batcher.size());
    assertEquals(1, predictor.calls().size(), "one predictor call for the batch");
  }

  @Test
  void shouldProduceBatchesInFlightAndPendingIntoTheTransactionBeforeItsOffsets() {
    CommitDrainingProducer producer = new CommitDrainingProducer(mock, hooks, true);
    hooks.producerCreated(thread, producer);
    ClipBatcher batcher = batcher(1);
    batcher.add(pending(0));
    batcher.add(pending(2));
    List<String> forwarded = new ArrayList<>();
    batcher.runTo(new PipelinedBatcherTest.ListOutput(forwarded)); // handed to the inference thread
    batcher.add(pending(4)); // pending
    assertEquals(3, batcher.size());

    producer.initTransactions();
    producer.beginTransaction();
    producer.sendOffsetsToTransaction(
        Map.of(new TopicPartition("clips", 0), new OffsetAndMetadata(5)),
        new ConsumerGroupMetadata("app"));
    producer.commitTransaction();

    String predictions = "send " + topics.predictions().name();
    assertEquals(List.of(predictions, predictions, predictions, "offsets", "commit"), mock.events);
    assertEquals(
        List.of(0L, 2L, 4L),
        mock.history().stream()
            .map(r -> WireSerdes.prediction().deserializer().deserialize("", r.value()))
            .map(Prediction::firstFrame)
            .toList(),
        "the batch in flight first, then the pending one, each in order");
    assertEquals(List.of(), forwarded, "results in flight go to the commit, not the old output");
    assertEquals(0, batcher.size());
    assertEquals(2, predictor.calls().size(), "the batch in flight and the pending one");
  }

  @Test
  void shouldDropBatchesInFlightWhenTheTransactionAborts() {
    CommitDrainingProducer producer = new CommitDrainingProducer(mock, hooks, true);
    hooks.producerCreated(thread, producer);
    ClipBatcher batcher = batcher(1);
    batcher.add(pending(0));
    List<String> forwarded = new ArrayList<>();
    batcher.runTo(new PipelinedBatcherTest.ListOutput(forwarded));
    batcher.add(pending(2));

    producer.initTransactions();
    producer.beginTransaction();
    producer.abortTransaction();

    assertEquals(0, batcher.size());
    batcher.finishTo(new PipelinedBatcherTest.ListOutput(forwarded));
    assertEquals(List.of(), forwarded);
    assertEquals(List.of(), mock.events);
  }

  @Test
  void shouldDropThePendingBatchWhenTheTransactionAborts() {
    CommitDrainingProducer producer = new CommitDrainingProducer(mock, hooks, true);
    hooks.producerCreated(thread, producer);
    ClipBatcher batcher = batcher();
    batcher.add(pending(0));

    producer.initTransactions();
    producer.beginTransaction();
    producer.abortTransaction();

    assertEquals(0, batcher.size());
    assertEquals(List.of(), mock.events);
    assertEquals(0, predictor.calls().size());
  }

  @Test
  void shouldProduceAndFlushThePendingBatchBeforeAnAtLeastOnceOffsetCommit() {
    CommitDrainingProducer producer = new CommitDrainingProducer(mock, hooks, false);
    hooks.producerCreated(thread, producer);
    hooks.consumerCreated(thread);
    ClipBatcher batcher = batcher();
    batcher.add(pending(0));

    hooks.drainBeforeOffsetCommit();

    assertEquals(List.of("send " + topics.predictions().name()), mock.events);
    assertTrue(mock.flushed());
    assertEquals(0, batcher.size());
  }

  @Test
  void shouldRefuseAThreadWhoseClientsAreNotHooked() {
    IllegalStateException noProducer = assertThrows(IllegalStateException.class, this::batcher);
    assertTrue(
        noProducer.getMessage().contains("producer of stream thread"), noProducer.getMessage());

    hooks.producerCreated(thread, new CommitDrainingProducer(mock, hooks, false));
    IllegalStateException noConsumer = assertThrows(IllegalStateException.class, this::batcher);
    assertTrue(noConsumer.getMessage().contains("main consumer"), noConsumer.getMessage());
  }

  @Test
  void shouldNotHandAnEarlierThreadsBatcherToANewThreadOfTheSameName() throws Exception {
    CommitDrainingProducer producer = new CommitDrainingProducer(mock, hooks, true);
    hooks.producerCreated(thread, producer);
    ClipBatcher earlier = batcher();
    earlier.add(pending(0));

    // Kafka Streams names a replacement thread like the thread it replaces
    List<Object> seen = new ArrayList<>();
    Thread replacement =
        new Thread(
            () -> {
              producer.initTransactions();
              producer.beginTransaction();
              producer.commitTransaction(); // no batcher of its own yet: nothing to drain
              seen.add(batcher());
              seen.add(batcher());
            },
            thread);
    replacement.start();
    replacement.join();

    assertEquals(2, seen.size(), "the replacement thread failed: " + seen);
    assertTrue(seen.get(0) != earlier, "a new thread must get a batcher of its own");
    assertTrue(seen.get(0) == seen.get(1), "and keep it");
    assertEquals(0, earlier.size(), "the earlier thread's clip is dropped, to be reprocessed");
    assertEquals(List.of("commit"), mock.events, "the earlier thread's clip is not produced");
    assertEquals(0, predictor.calls().size());
  }

  @Test
  void shouldNameTheStreamThreadOfAClientId() {
    assertEquals(
        "app-1-StreamThread-2",
        BatchingClientSupplier.threadName("app-1-StreamThread-2-producer", "-producer"));
    assertEquals(null, BatchingClientSupplier.threadName("app-1-admin", "-producer"));
  }
}
