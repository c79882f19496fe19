package io.actionstream.trainer.retrain;

import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.ClipShape;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.DeadLetter;
import io.actionstream.core.wire.DeadLetterInfo;
import io.actionstream.core.wire.DeadLetters;
import io.actionstream.core.wire.LabelCodec;
import io.actionstream.core.wire.WireError;
import io.actionstream.core.wire.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the labels topic in a consumer group, from where the group left off to the end offsets seen
 * when it joined, and commits only when told ({@link #commit}): a job that dies before recording
 * its outcome reads the same labels again. Records that cannot be read, whose sentence the model's
 * schema cannot parse, or whose clip has another shape than the model's are counted by reason and
 * skipped; label references ({@link LabelCodec#isReference}) are counted as {@value #REFERENCE} and
 * left to the service.
 */
final class LabelReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LabelReader.class);
  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * The skip reason of a record that is not a labelled clip: a label reference, which the service
   * resolves into a labelled clip later on the topic (or dead-letters).
   */
  static final String REFERENCE = "LABEL_REFERENCE";

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration timeout;
  private Map<TopicPartition, OffsetAndMetadata> readTo = Map.of();

  /**
   * What one read found.
   *
   * @param labels the usable labelled clips, in topic order per partition
   * @param skipped the records skipped, by reason code
   * @param deadLetters the unusable records with why, for the dead-letter topic
   */
  record Labels(
      List<LabelledClip> labels, Map<String, Integer> skipped, List<DeadLetter> deadLetters) {
    int skippedCount() {
      return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  LabelReader(Map<String, Object> clientProperties, String topic, String group, Duration timeout) {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.timeout = timeout;
  }

  /**
   * Reads the labels after the group's committed offsets (from the beginning for a new group), up
   * to the end offsets seen at the start, stopping early once {@code maxLabels} usable labels are
   * read (the rest waits for the next run). No group membership is used: the partitions are
   * assigned, so a long training between this read and {@link #commit} cannot cost the commit.
   *
   * @throws IllegalStateException if the topic does not exist, or no record arrives for {@code
   *     timeout} while some are still to be read
   */
  Labels read(PropertySchema schema, ClipShape shape, int maxLabels) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, timeout).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException("labels topic '" + topic + "' does not exist");
    }
    consumer.assign(partitions);
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions), timeout);
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata c = committed.get(tp);
      if (c == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, c.offset());
      }
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    LabelCodec codec = new LabelCodec(new ClipCodec());
    List<LabelledClip> labels = new ArrayList<>();
    Map<String, Integer> skipped = new TreeMap<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
    long lastProgress = System.nanoTime();
    while (labels.size() < maxLabels
        && partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
      if (System.nanoTime() - lastProgress > timeout.toNanos()) {
        throw new IllegalStateException(
            "no label record arrived for " + timeout.toSeconds() + " s of the labels topic");
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
        lastProgress = System.nanoTime();
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() >= end.get(tp) || labels.size() >= maxLabels) {
          continue; // after the end fixed at the start, or over the maximum: the next run's
        }
        positions.put(tp, new OffsetAndMetadata(r.offset() + 1));
        if (LabelCodec.isReference(r.headers(), r.value())) {
          skipped.merge(REFERENCE, 1, Integer::sum); // the service's to resolve or dead-letter
          continue;
        }
        try {
          labels.add(decode(codec, r, schema, shape));
        } catch (WireFormatException e) {
          skipped.merge(e.error().name(), 1, Integer::sum);
          deadLetters.add(deadLetter(r, e));
          LOG.warn(
              "skipping label {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
      }
    }
    readTo = positions;
    return new Labels(labels, skipped, deadLetters);
  }

  private static LabelledClip decode(
      LabelCodec codec, ConsumerRecord<byte[], byte[]> r, PropertySchema schema, ClipShape shape) {
    LabelledClip label = codec.decode(r.key(), r.headers(), r.value(), schema);
    ClipShape got =
        new ClipShape(label.clip().frames(), label.clip().height(), label.clip().width());
    if (!got.equals(shape)) {
      throw new WireFormatException(
          WireError.FRAME_COUNT, "label: clip is " + got + ", the model takes " + shape);
    }
    return label;
  }

  private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> r, WireFormatException e) {
    return DeadLetters.deadLetter(
        r.key(),
        r.value(),
        r.headers(),
        new DeadLetterInfo(
            e.error().name(),
            e.getMessage(),
            r.topic(),
            r.partition(),
            r.offset(),
            System.currentTimeMillis()));
  }

  /** Commits the positions after the records {@link #read} used (or skipped as unreadable). */
  void commit() {
    if (!readTo.isEmpty()) {
      consumer.commitSync(readTo, timeout);
    }
  }

  @Override
  public void close() {
    consumer.close(timeout);
  }
}
