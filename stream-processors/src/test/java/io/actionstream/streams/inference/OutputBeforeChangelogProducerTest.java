package io.actionstream.streams.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class OutputBeforeChangelogProducerTest {
  private final MockProducer<byte[], byte[]> mock =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final OutputBeforeChangelogProducer producer = new OutputBeforeChangelogProducer(mock);

  private static ProducerRecord<byte[], byte[]> to(String topic) {
    return new ProducerRecord<>(topic, new byte[] {1}, new byte[] {2});
  }

  @Test
  void aChangelogRecordWaitsUntilTheOutputBeforeItIsAcknowledged() {
    Future<RecordMetadata> prediction = producer.send(to("predictions"));
    Future<RecordMetadata> deadLetter = producer.send(to("dlq"));
    assertFalse(prediction.isDone(), "nothing acknowledged yet");
    Future<RecordMetadata> window = producer.send(to("app-clip-windows-changelog"));
    assertTrue(prediction.isDone() && deadLetter.isDone(), "outputs acknowledged first");
    assertFalse(window.isDone(), "the changelog record itself is sent as usual");
    assertEquals(
        List.of("predictions", "dlq", "app-clip-windows-changelog"),
        mock.history().stream().map(ProducerRecord::topic).toList());
  }

  @Test
  void changelogRecordsWithoutOutputBetweenThemDoNotWait() {
    producer.send(to("predictions"));
    Future<RecordMetadata> first = producer.send(to("app-clip-windows-changelog"));
    Future<RecordMetadata> second = producer.send(to("app-latest-clips-changelog"));
    assertFalse(first.isDone(), "no output since the last flush: no second flush");
    assertFalse(second.isDone());
    producer.flush();
    Future<RecordMetadata> third = producer.send(to("app-clip-windows-changelog"));
    assertFalse(third.isDone());
    producer.send(to("answers"));
    producer.send(to("app-clip-windows-changelog"));
    assertTrue(third.isDone(), "output, then a changelog record: flushed");
  }

  @Test
  void onlyAtLeastOnceProducersKeepTheOrder() {
    BatchingClientSupplier supplier = new BatchingClientSupplier(new CommitHooks());
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            "localhost:1",
            ProducerConfig.CLIENT_ID_CONFIG,
            "app-StreamThread-1-producer");
    try (Producer<byte[], byte[]> atLeastOnce = supplier.getProducer(config)) {
      assertInstanceOf(OutputBeforeChangelogProducer.class, atLeastOnce);
    }
    Map<String, Object> transactional = new java.util.HashMap<>(config);
    transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "app-1");
    try (Producer<byte[], byte[]> exactlyOnce = supplier.getProducer(transactional)) {
      assertInstanceOf(CommitDrainingProducer.class, exactlyOnce);
    }
  }
}
