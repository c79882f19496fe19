package io.actionstream.streams.topology;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.wire.Answer;
import io.actionstream.core.wire.Frame;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.Prediction;
import io.actionstream.core.wire.Query;
import io.actionstream.core.wire.WireSerdes;
import io.actionstream.streams.config.StreamProcessorsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of the topology, typed, with names from the configuration. Keys are stream ids
 * (UTF-8), except dead letters, which keep the original key bytes.
 *
 * @param frames frame records (metadata in headers)
 * @param clips clip records (ASCL binary, raw frames when written by the assembler)
 * @param predictions prediction JSON
 * @param queries query JSON
 * @param answers answer JSON
 * @param deadLetters original bytes plus {@code as.dlq.*} headers
 * @param labels label records (labelled clips and label references), present when the service
 *     resolves label references ({@code labels.history.frames > 0})
 */
public record Topics(
    Topic<String, Frame> frames,
    Topic<String, Clip> clips,
    Topic<String, Prediction> predictions,
    Topic<String, Query> queries,
    Topic<String, Answer> answers,
    Topic<byte[], byte[]> deadLetters,
    Optional<Topic<String, byte[]>> labels) {

  /** The topics named by {@code config}. */
  public static Topics of(StreamProcessorsConfig config) {
    return new Topics(
        new Topic<>(
            config.getString(StreamProcessorsConfig.FRAMES_TOPIC_CONFIG),
            WireSerdes.streamId(),
            WireSerdes.frame(config.wireLimits(), FrameCodec.DEFAULT_JPEG_QUALITY)),
        new Topic<>(
            config.getString(StreamProcessorsConfig.CLIPS_TOPIC_CONFIG),
            WireSerdes.streamId(),
            WireSerdes.clip(FrameEncoding.RAW_RGB8, config.wireLimits())),
        new Topic<>(
            config.getString(StreamProcessorsConfig.PREDICTIONS_TOPIC_CONFIG),
            WireSerdes.streamId(),
            WireSerdes.prediction()),
        new Topic<>(
            config.getString(StreamProcessorsConfig.QUERIES_TOPIC_CONFIG),
            WireSerdes.streamId(),
            WireSerdes.query()),
        new Topic<>(
            config.getString(StreamProcessorsConfig.ANSWERS_TOPIC_CONFIG),
            WireSerdes.streamId(),
            WireSerdes.answer()),
        new Topic<>(
            config.getString(StreamProcessorsConfig.DLQ_TOPIC_CONFIG),
            Serdes.ByteArray(),
            Serdes.ByteArray()),
        config.resolvesLabelReferences()
            ? Optional.of(
                new Topic<>(
                    config.getString(StreamProcessorsConfig.LABELS_TOPIC_CONFIG),
                    WireSerdes.streamId(),
                    Serdes.ByteArray()))
            : Optional.empty());
  }

  /** Every topic name, inputs first. */
  public List<String> names() {
    List<String> names = new ArrayList<>(coPartitioned());
    names.addAll(List.of(predictions.name(), answers.name(), deadLetters.name()));
    return List.copyOf(names);
  }

  /**
   * Topics that must have the same partition count (they share per-stream state): frames, clips,
   * queries and, when read, labels.
   */
  public List<String> coPartitioned() {
    List<String> names = new ArrayList<>(List.of(frames.name(), clips.name(), queries.name()));
    labels.ifPresent(l -> names.add(l.name()));
    return List.copyOf(names);
  }
}
