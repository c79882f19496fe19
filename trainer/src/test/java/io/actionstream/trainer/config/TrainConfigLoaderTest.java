package io.actionstream.trainer.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.trainer.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsShouldDescribeTheDefaultModelAndSupervisedTraining() {
    TrainConfig c = TrainConfigLoader.defaults();
    assertEquals(TrainConfig.Mode.SUPERVISED, c.training().parsedMode());
    assertEquals(ModelConfig.defaults(), c.model().toModelConfig());
    assertNull(c.data().dataset());
    assertEquals("iid", c.data().split());
  }

  @Test
  void fileValuesShouldMergeOverDefaultsAndOverridesWin() throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(
        file,
        "training:\n  epochs: 7\n  masking: true\nmodel:\n" + "  hidden_channels: [16, 16]\n");
    TrainConfig c = TrainConfigLoader.load(file, Map.of("training.epochs", "3"));
    assertEquals(3, c.training().epochs());
    assertTrue(c.training().masking());
    assertArrayEquals(new int[] {16, 16}, c.model().hiddenChannels());
    assertEquals(16, c.training().batchSize());
  }

  @Test
  void jsonFilesShouldWorkToo() throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"training\": {\"mode\": \"both\"}}");
    assertEquals(
        TrainConfig.Mode.BOTH, TrainConfigLoader.load(file, Map.of()).training().parsedMode());
  }

  @Test
  void unknownKeysShouldBeNamed() throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "training:\n  epoch: 7\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrainConfigLoader.load(file, Map.of()));
    assertTrue(e.getMessage().contains("'training.epoch'"), e.getMessage());
    IllegalArgumentException override =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainConfigLoader.load(null, Map.of("model.layers", "2")));
    assertTrue(override.getMessage().contains("'model.layers'"), override.getMessage());
  }

  @Test
  void augmentShouldParseFromYamlListsAndSetAndRefuseBadEntries() throws IOException {
    Path file = dir.resolve("a.yaml");
    Files.writeString(
        file, "training:\n  masking: true\n  augment: [colour=hue, action+size=reverse]\n");
    assertEquals(
        List.of("colour=hue", "action+size=reverse"),
        TrainConfigLoader.load(file, Map.of()).training().augment());
    assertEquals(
        List.of("colour=hue", "size=scale"),
        TrainConfigLoader.load(
                null,
                Map.of("training.masking", "true", "training.augment", "colour=hue,size=scale"))
            .training()
            .augment());
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainConfigLoader.load(file, Map.of("training.augment", "colour=blur")));
    assertTrue(
        bad.getMessage().startsWith("training.augment must be entries slot[+slot...]=augmentation"),
        bad.getMessage());
    IllegalArgumentException noMasking =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainConfigLoader.load(file, Map.of("training.masking", "false")));
    assertTrue(
        noMasking.getMessage().startsWith("training.augment needs training.masking: true"),
        noMasking.getMessage());
  }

  @Test
  void resizeShouldDefaultToStretchAndRefuseUnknownPolicies() {
    assertEquals(
        io.actionstream.core.image.ResizePolicy.STRETCH,
        TrainConfigLoader.defaults().data().resizePolicy());
    assertEquals(
        io.actionstream.core.image.ResizePolicy.LETTERBOX,
        TrainConfigLoader.load(null, Map.of("data.resize", "letterbox")).data().resizePolicy());
    assertMessage("data.resize", Map.of("data.resize", "zoom"));
  }

  @Test
  void typosShouldBeAnsweredWithTheNearestKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainConfigLoader.load(null, Map.of("training.epoch", "3")));
    assertTrue(e.getMessage().contains("did you mean training.epochs?"), e.getMessage());
  }

  @Test
  void aNullOrAMappingWhereAValueBelongsShouldBeRefused() throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "training:\n  epochs: null\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrainConfigLoader.load(file, Map.of()));
    assertEquals("training.epochs must have a value, got null", e.getMessage());
    Files.writeString(file, "model:\n  kernel:\n    size: 3\n");
    e = assertThrows(IllegalArgumentException.class, () -> TrainConfigLoader.load(file, Map.of()));
    assertTrue(e.getMessage().startsWith("model.kernel takes a value"), e.getMessage());
    Files.writeString(file, "data: {dataset: null}\n");
    assertNull(TrainConfigLoader.load(file, Map.of()).data().dataset());
  }

  @Test
  void listsShouldBeCheckedItemByItem() {
    assertEquals(
        "model.stem_channels must be 0..8 integers, each 1..1024, got [16, x]",
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfigLoader.load(null, Map.of("model.stem_channels", "[16, x]")))
            .getMessage());
    assertArrayEquals(
        new int[0],
        TrainConfigLoader.load(null, Map.of("model.stem_channels", "[]", "model.pooling", "max"))
            .model()
            .stemChannels());
  }

  @Test
  void badValuesShouldFailBeforeTrainingNamingTheKey() {
    assertMessage("model.kernel", Map.of("model.kernel", "4"));
    assertMessage("training.batch_size", Map.of("training.batch_size", "0"));
    assertMessage("training.mode", Map.of("training.mode", "semi"));
    assertMessage("model.head", Map.of("model.head", "words"));
    assertMessage("model.pooling", Map.of("model.pooling", "mean"));
    assertMessage("model.stem_downsample", Map.of("model.stem_downsample", "avg"));
    assertMessage("training.learning_rate", Map.of("training.learning_rate", "-1"));
    assertMessage("training.epochs", Map.of("training.epochs", "many"));
  }

  @Test
  void modelSectionWithoutPoolingKeysShouldMeanTheOriginalModel() throws IOException {
    // a model.json written before model.pooling and model.stem_downsample existed
    TrainConfig.Model old =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(
                "{\"frames\": 8, \"height\": 32, \"width\": 32, \"stem_channels\": [16],"
                    + " \"hidden_channels\": [32], \"kernel\": 3, \"head\": \"slots\","
                    + " \"mask_input\": \"input\", \"head_hidden\": 64}",
                TrainConfig.Model.class);
    assertEquals(ModelConfig.Pooling.AVG4, old.toModelConfig().pooling());
    assertEquals(ModelConfig.StemDownsample.STRIDE, old.toModelConfig().stemDownsample());
  }

  @Test
  void runConfigWithoutPoolingKeysShouldKeepTheOriginalModel() throws IOException {
    // config.yaml of a run written before model.pooling and model.stem_downsample existed
    String yaml =
        TrainConfigLoader.toYaml(
            TrainConfigLoader.load(
                null, Map.of("model.pooling", "max", "model.stem_downsample", "max_pool")));
    String old =
        yaml.lines()
            .filter(l -> !l.contains("pooling:") && !l.contains("stem_downsample:"))
            .collect(java.util.stream.Collectors.joining("\n"));
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, old);
    ModelConfig run = TrainConfigLoader.loadRun(file, Map.of()).model().toModelConfig();
    assertEquals(ModelConfig.Pooling.AVG4, run.pooling());
    assertEquals(ModelConfig.StemDownsample.STRIDE, run.stemDownsample());
    Files.writeString(file, yaml);
    assertEquals(
        ModelConfig.Pooling.MAX,
        TrainConfigLoader.loadRun(file, Map.of()).model().toModelConfig().pooling());
  }

  @Test
  void poolingAndStemDownsampleShouldBeSettable() {
    ModelConfig m =
        TrainConfigLoader.load(
                null, Map.of("model.pooling", "max_time", "model.stem_downsample", "max_pool"))
            .model()
            .toModelConfig();
    assertEquals(ModelConfig.Pooling.MAX_TIME, m.pooling());
    assertEquals(ModelConfig.StemDownsample.MAX_POOL, m.stemDownsample());
  }

  private static void assertMessage(String key, Map<String, String> overrides) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrainConfigLoader.load(null, overrides));
    assertTrue(e.getMessage().contains(key), key + " not named in: " + e.getMessage());
  }

  @Test
  void effectiveConfigShouldRoundTripThroughYaml() throws IOException {
    TrainConfig c = TrainConfigLoader.load(null, Map.of("training.epochs", "4"));
    Path file = dir.resolve("effective.yaml");
    Files.writeString(file, TrainConfigLoader.toYaml(c));
    TrainConfig back = TrainConfigLoader.load(file, Map.of());
    assertEquals(4, back.training().epochs());
    assertEquals(c.model().toModelConfig(), back.model().toModelConfig());
  }
}
