package io.actionstream.service.config;

import io.actionstream.streams.assembly.AssemblyRules;
import io.actionstream.streams.assembly.ClipWindow;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.stores.LatestClips;
import io.actionstream.streams.topology.ActionStreamTopology;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The record-size rule of the service: the Kafka Streams producer and the topics must carry the
 * largest record the topology writes (docs/stream-processing.md, Sizes).
 *
 * <p>The largest records are a clip of {@code wire.max.record.bytes} (clips topic, {@code
 * latest-clips} changelog with its 8-byte stamp), an assembly window ({@code clip-windows}) and one
 * of its frames ({@code clip-frames}). The producer's {@code max.request.size} must allow the
 * largest of them plus {@link #RECORD_OVERHEAD} for key, headers and batch framing.
 */
public final class RecordSizes {
  /** Room for a record's key, headers (dead letters carry several) and batch framing. */
  public static final int RECORD_OVERHEAD = 64 * 1024;

  /** The Kafka Streams key that sets only the producer's {@code max.request.size}. */
  public static final String PRODUCER_MAX_REQUEST_SIZE =
      StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);

  private RecordSizes() {}

  /** The smallest producer {@code max.request.size} that carries every record of the topology. */
  public static int requiredMaxRequestSize(StreamProcessorsConfig topology) {
    int clip = topology.maxRecordBytes();
    AssemblyRules rules =
        new AssemblyRules(
            topology.clipFrames(),
            topology.clipStride(),
            topology.outOfOrderFrames(),
            topology.maxGapFrames());
    long window =
        Math.max(
            ClipWindow.maxEncodedBytes(rules), ActionStreamTopology.maxFrameBytes(rules, clip));
    long latest = LatestClips.STAMP_BYTES + (long) clip;
    long largest = Math.max(clip, Math.max(window, latest));
    return (int) Math.min(Integer.MAX_VALUE, largest + RECORD_OVERHEAD);
  }

  /**
   * Sets {@value #PRODUCER_MAX_REQUEST_SIZE} to {@link #requiredMaxRequestSize} unless the user set
   * it (or the unprefixed {@code max.request.size}, which Kafka Streams also gives the producer); a
   * user value that is too small is refused.
   *
   * @throws ConfigException naming the key the user set, the value and the minimum
   */
  static void applyMaxRequestSize(Properties props, StreamProcessorsConfig topology) {
    int required = requiredMaxRequestSize(topology);
    String key =
        props.containsKey(PRODUCER_MAX_REQUEST_SIZE)
            ? PRODUCER_MAX_REQUEST_SIZE
            : props.containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)
                ? ProducerConfig.MAX_REQUEST_SIZE_CONFIG
                : null;
    if (key == null) {
      props.put(PRODUCER_MAX_REQUEST_SIZE, Integer.toString(required));
      return;
    }
    String value = String.valueOf(props.get(key)).trim();
    long size;
    try {
      size = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "must be a number of bytes");
    }
    if (size < required) {
      throw new ConfigException(
          key,
          value,
          "must be at least "
              + required
              + " bytes so that the producer can write the topology's largest record (a clip or"
              + " assembly window under "
              + StreamProcessorsConfig.MAX_RECORD_BYTES_CONFIG
              + "="
              + topology.maxRecordBytes()
              + " plus overhead); raise it, or lower "
              + StreamProcessorsConfig.MAX_RECORD_BYTES_CONFIG
              + ", or leave it unset to have it sized for you");
    }
  }

  /**
   * Topic-level settings for topics the service creates: {@code max.message.bytes} allowing a
   * record of {@code wire.max.record.bytes} plus {@link #RECORD_OVERHEAD}.
   */
  static Map<String, String> topicConfigs(StreamProcessorsConfig topology) {
    long bytes = Math.min(Integer.MAX_VALUE, (long) topology.maxRecordBytes() + RECORD_OVERHEAD);
    return Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(bytes));
  }
}
