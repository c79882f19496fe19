package io.actionstream.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.ClipShape;
import io.actionstream.core.dataset.FolderDataset;
import io.actionstream.core.image.JpegDecoders;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.CameraScene;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameEncoding;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.core.wire.WireError;
import io.actionstream.core.wire.WireLimits;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.streams.inference.InferenceBatching;
import io.actionstream.streams.predictor.ModelInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera frames of any size fitted to the model on arrival ({@code frames.resize}): the service's
 * clip holds exactly the pixels the trainer's folder-dataset loading makes of the same JPEG files.
 */
class FrameResizeTopologyTest {
  private static final int MODEL = 32;
  private static final FrameCodec JPEG =
      new FrameCodec(WireLimits.DEFAULT, 0.85f, JpegDecoders.auto());

  @TempDir Path dir;

  /** Frames {@code 0..count-1} of a camera scene, {@code width}×{@code height}, as JPEG. */
  private static List<byte[]> camera(int count, int width, int height) {
    CameraScene scene = new CameraScene(width, height, width + height);
    List<byte[]> jpegs = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      jpegs.add(
          JPEG.encode(i, 1000 + i * 66L, width, height, scene.next().pixels(), FrameEncoding.JPEG)
              .data());
    }
    return jpegs;
  }

  private static TopologyFixture fixture(String resize, String decoder, ResizePolicy declared) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(
        StreamProcessorsConfig.ASSEMBLY_OUTPUT_CONFIG,
        StreamProcessorsConfig.ASSEMBLY_OUTPUT_CLIPS_TOPIC);
    settings.put(StreamProcessorsConfig.FRAMES_RESIZE_CONFIG, resize);
    settings.put(StreamProcessorsConfig.FRAMES_JPEG_DECODER_CONFIG, decoder);
    return new TopologyFixture(
        settings,
        c -> InferenceBatching.none(),
        new ModelInput(TopologyFixture.T, MODEL, MODEL, declared));
  }

  private static void pipeJpeg(
      TopologyFixture f, String stream, long index, byte[] jpeg, int w, int h) {
    RecordHeaders headers = new RecordHeaders();
    JPEG.writeHeaders(
        new FrameMetadata(index, 1000 + index * 66, w, h, FrameEncoding.JPEG), headers);
    f.pipe(f.frames, stream, jpeg, headers);
  }

  /** A folder dataset of one clip: the T frames as JPEG files, as a camera would have sent them. */
  private Path folder(List<byte[]> jpegs) throws IOException {
    Path clip = Files.createDirectories(dir.resolve("clip0"));
    for (int t = 0; t < jpegs.size(); t++) {
      Files.write(clip.resolve(String.format(Locale.ROOT, "%04d.jpg", t)), jpegs.get(t));
    }
    String sentence = TopologyFixture.sentence(0);
    Files.writeString(
        dir.resolve(FolderDataset.ANNOTATIONS),
        "path,split,sentence\nclip0,train," + sentence + "\n");
    return dir;
  }

  @Test
  void shouldGiveTheServiceTheSamePixelsAsTheTrainerForEachPolicyAndDecoder() throws IOException {
    int w = 640;
    int h = 480;
    List<byte[]> jpegs = camera(TopologyFixture.T, w, h);
    Path data = folder(jpegs);
    for (String decoder : List.of("turbojpeg", "imageio")) {
      for (ResizePolicy policy :
          List.of(ResizePolicy.STRETCH, ResizePolicy.CROP, ResizePolicy.LETTERBOX)) {
        Clip trained;
        try (FolderDataset dataset =
            FolderDataset.open(
                data,
                PropertySchema.defaultSchema(),
                new ClipShape(TopologyFixture.T, MODEL, MODEL),
                policy,
                JpegDecoders.named(decoder))) {
          trained = dataset.streamAll().map(LabelledClip::clip).findFirst().orElseThrow();
        }
        try (TopologyFixture f = fixture(policy.configName(), decoder, ResizePolicy.NONE)) {
          for (int i = 0; i < jpegs.size(); i++) {
            pipeJpeg(f, "cam", i, jpegs.get(i), w, h);
          }
          List<Clip> served = f.clips.readValuesToList();
          assertEquals(1, served.size(), policy + " " + decoder);
          assertEquals(MODEL, served.get(0).width());
          assertArrayEquals(
              trained.pixels(),
              served.get(0).pixels(),
              policy + " with " + decoder + ": training and serving pixels");
          assertTrue(f.dlq.isEmpty());
        }
      }
    }
  }

  @Test
  void modelShouldTakeTheManifestsPolicyAndNoneShouldKeepFramesAsTheyAre() {
    byte[] jpeg = camera(1, 160, 120).get(0);
    try (TopologyFixture f =
        fixture(StreamProcessorsConfig.FRAMES_RESIZE_MODEL, "auto", ResizePolicy.CROP)) {
      for (int i = 0; i < TopologyFixture.T; i++) {
        pipeJpeg(f, "cam", i, jpeg, 160, 120);
      }
      assertEquals(MODEL, f.clips.readValuesToList().get(0).height(), "crop, from the model");
    }
    try (TopologyFixture f =
        fixture(StreamProcessorsConfig.FRAMES_RESIZE_MODEL, "auto", ResizePolicy.NONE)) {
      for (int i = 0; i < TopologyFixture.T; i++) {
        pipeJpeg(f, "cam", i, jpeg, 160, 120);
      }
      Clip clip = f.clips.readValuesToList().get(0);
      assertEquals(120, clip.height(), "a model that declares none: frames kept as they are");
    }
  }

  @Test
  void aLabelReferenceShouldResolveToTheResizedClip() {
    try (TopologyFixture f = fixture("crop", "auto", ResizePolicy.NONE)) {
      List<byte[]> frames = camera(TopologyFixture.T, 320, 240);
      for (int i = 0; i < TopologyFixture.T; i++) {
        pipeJpeg(f, "cam", i, frames.get(i), 320, 240);
      }
      Clip assembled = f.clips.readValuesToList().get(0);
      f.reference(
          io.actionstream.core.wire.LabelReference.of(
              "l1", "cam", 0, TopologyFixture.T - 1, TopologyFixture.sentence(0), 5));
      var out = f.labels.readRecordsToList();
      assertEquals(1, out.size(), "dead letters: " + f.dlq.readRecordsToList());
      LabelledClip label = TopologyFixture.labelled(out.get(0));
      assertArrayEquals(assembled.pixels(), label.clip().pixels());
    }
  }

  @Test
  void aCorruptCameraFrameShouldBeDeadLetteredAndTheStreamGoOn() {
    try (TopologyFixture f = fixture("stretch", "auto", ResizePolicy.NONE)) {
      List<byte[]> frames = camera(TopologyFixture.T + 1, 320, 240);
      byte[] good = frames.get(0);
      pipeJpeg(f, "cam", 0, java.util.Arrays.copyOf(good, good.length / 2), 320, 240);
      for (int i = 1; i <= TopologyFixture.T; i++) {
        pipeJpeg(f, "cam", i, frames.get(i), 320, 240);
      }
      var dead = f.dlq.readRecordsToList();
      assertEquals(1, dead.size());
      assertEquals(WireError.IMAGE_DECODE_FAILED.name(), TopologyFixture.info(dead.get(0)).error());
      assertEquals(1, f.clips.readValuesToList().size(), "frames 1..4 still make a clip");
    }
  }
}
