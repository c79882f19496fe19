package io.actionstream.streams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.streams.app.ActionStreamApp;
import io.actionstream.streams.inference.FakePredictor;
import io.actionstream.streams.metrics.TopologyListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class StreamProcessorsConfigTest {
  @Test
  void shouldUseExactlyOnceV2AndDocumentedDefaults() {
    StreamProcessorsConfig c = StreamProcessorsConfig.defaults();
    assertEquals("exactly_once_v2", c.processingGuarantee());
    assertEquals(16, c.clipFrames());
    assertEquals(8, c.clipStride());
    assertEquals(1, c.maxBatchSize());
    assertEquals("exactly_once_v2", c.applyTo(new Properties()).get("processing.guarantee"));
  }

  @Test
  void shouldAcceptAtLeastOnce() {
    assertEquals(
        "at_least_once",
        new StreamProcessorsConfig(Map.of("processing.guarantee", "at_least_once"))
            .processingGuarantee());
  }

  @Test
  void shouldNotPipelineClipsAssembledInMemoryUnderAtLeastOnceByDefault() {
    StreamProcessorsConfig c =
        new StreamProcessorsConfig(Map.of("processing.guarantee", "at_least_once"));
    assertEquals(0, c.maxInFlightBatches());
    assertEquals(4, StreamProcessorsConfig.defaults().maxInFlightBatches());
    StreamProcessorsConfig viaTopic =
        new StreamProcessorsConfig(
            Map.of(
                "processing.guarantee", "at_least_once",
                "assembly.output", "clips-topic"));
    assertEquals(4, viaTopic.maxInFlightBatches());
  }

  @Test
  void shouldRefuseClipsAssembledInMemoryWaitingForABatchUnderAtLeastOnce() {
    for (Map<String, Object> unsafe :
        List.<Map<String, Object>>of(
            Map.of("processing.guarantee", "at_least_once", "inference.max.in.flight.batches", 1),
            Map.of("processing.guarantee", "at_least_once", "inference.max.batch.size", 4))) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> new StreamProcessorsConfig(unsafe));
      assertTrue(e.getMessage().contains("assembly.output"), e.getMessage());
      assertTrue(e.getMessage().contains("a crash could lose it"), e.getMessage());
    }
  }

  @Test
  void shouldNameTheKeyOfABadValue() {
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of(StreamProcessorsConfig.CLIP_FRAMES_CONFIG, 0),
            Map.of(StreamProcessorsConfig.OUT_OF_ORDER_FRAMES_CONFIG, -1),
            Map.of(StreamProcessorsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once"),
            Map.of(StreamProcessorsConfig.FRAMES_TOPIC_CONFIG, ""),
            Map.of(StreamProcessorsConfig.MAX_BATCH_SIZE_CONFIG, 1025),
            Map.of(StreamProcessorsConfig.MAX_BATCH_SIZE_CONFIG, 0),
            Map.of(StreamProcessorsConfig.MAX_WAIT_MS_CONFIG, 60_001),
            Map.of(StreamProcessorsConfig.IDLE_EXPIRY_MS_CONFIG, "soon"))) {
      String key = bad.keySet().iterator().next();
      ConfigException e =
          assertThrows(ConfigException.class, () -> new StreamProcessorsConfig(bad), key);
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
  }

  @Test
  void shouldRefuseStrideLongerThanClip() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new StreamProcessorsConfig(Map.of("clip.frames", 4, "clip.stride", 5)));
    assertTrue(e.getMessage().contains("clip.stride"), e.getMessage());
  }

  @Test
  void shouldRefuseClipLengthOtherThanThePredictors() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ActionStreamApp.of(
                    new StreamProcessorsConfig(Map.of("clip.frames", 8, "clip.stride", 4)),
                    new FakePredictor(4, 4, 4),
                    TopologyListener.NONE));
    assertTrue(e.getMessage().contains("clip.frames"), e.getMessage());
  }

  @Test
  void shouldDocumentEveryKeyWithItsDefaultInTheReference() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "stream-processing.md"));
    // only the reference table counts: the one place the keys are listed (other pages link to it)
    String heading = "\n## Configuration reference\n";
    int start = doc.indexOf(heading);
    assertTrue(start >= 0, "docs/stream-processing.md has no '## Configuration reference'");
    int end = doc.indexOf("\n## ", start + heading.length());
    String reference = doc.substring(start, end < 0 ? doc.length() : end + 1);
    List<String> missing = new ArrayList<>();
    for (var key : StreamProcessorsConfig.CONFIG.configKeys().values()) {
      String row = "\n| `" + key.name + "` | `" + ConfigDefaults.text(key) + "` |";
      if (!reference.contains(row)) {
        missing.add(key.name + " (default `" + ConfigDefaults.text(key) + "`)");
      }
    }
    assertTrue(
        missing.isEmpty(),
        "the Configuration reference of docs/stream-processing.md lacks rows for " + missing);
  }
}
