package io.actionstream.streams.assembly;

import io.actionstream.core.image.ImageFitter;
import io.actionstream.core.image.JpegDecoder;
import io.actionstream.core.image.ResizePolicy;
import io.actionstream.core.image.RgbImage;
import io.actionstream.core.wire.Frame;
import io.actionstream.core.wire.FrameCodec;
import io.actionstream.core.wire.FrameMetadata;
import io.actionstream.streams.predictor.ModelInput;
import java.util.Objects;

/**
 * How a frame record becomes the pixels a clip holds: decoded as it is ({@link ResizePolicy#NONE})
 * or fitted to the model's H×W on arrival by an {@link ImageFitter}. The assembler and the label
 * resolver share one, so a labelled clip is rebuilt with exactly the pixels the model was given.
 */
public final class FramePixels {
  private final FrameCodec codec;
  private final ImageFitter fitter; // null: frames keep their size

  private FramePixels(FrameCodec codec, ImageFitter fitter) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.fitter = fitter;
  }

  /**
   * Pixels for a model of {@code input} under {@code policy}, decoding JPEG with {@code jpeg}.
   *
   * @param codec reads frame records (its limits apply)
   */
  public static FramePixels of(
      FrameCodec codec, ModelInput input, ResizePolicy policy, JpegDecoder jpeg) {
    return new FramePixels(
        codec,
        policy == ResizePolicy.NONE
            ? null
            : new ImageFitter(input.width(), input.height(), policy, jpeg));
  }

  /** Frames decoded as they are. */
  public static FramePixels asDecoded(FrameCodec codec) {
    return new FramePixels(codec, null);
  }

  /** The width a frame of {@code metadata} has in a clip. */
  public int width(FrameMetadata metadata) {
    return fitter == null ? metadata.width() : fitter.width();
  }

  /** The height a frame of {@code metadata} has in a clip. */
  public int height(FrameMetadata metadata) {
    return fitter == null ? metadata.height() : fitter.height();
  }

  /**
   * The frame's pixels as a clip holds them.
   *
   * @throws io.actionstream.core.wire.WireFormatException as {@link FrameCodec#decodeRgb(Frame)}
   */
  public RgbImage decode(Frame frame) {
    if (fitter != null) {
      return codec.decode(frame, fitter);
    }
    FrameMetadata m = frame.metadata();
    return new RgbImage(m.width(), m.height(), codec.decodeRgb(frame));
  }
}
