package io.actionstream.core.image;

import java.util.Objects;

/**
 * Turns an image of any size into the model's W×H under a {@link ResizePolicy}: JPEG decoded at the
 * smallest DCT scale that still covers the target (where the decoder can), then {@link Resampler
 * area-resampled}. The service's frame assembly and the trainer's data loading use the same fitter,
 * so the same source image gives the same pixels in both.
 */
public final class ImageFitter {
  private final int width;
  private final int height;
  private final ResizePolicy policy;
  private final JpegDecoder jpeg;

  /**
   * A fitter to {@code width}×{@code height}.
   *
   * @param jpeg decodes JPEG images
   */
  public ImageFitter(int width, int height, ResizePolicy policy, JpegDecoder jpeg) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("target must be positive, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.jpeg = Objects.requireNonNull(jpeg, "jpeg");
  }

  /** Target width W. */
  public int width() {
    return width;
  }

  /** Target height H. */
  public int height() {
    return height;
  }

  /** The policy. */
  public ResizePolicy policy() {
    return policy;
  }

  /** The JPEG decoder. */
  public JpegDecoder jpegDecoder() {
    return jpeg;
  }

  /**
   * Decodes a JPEG of {@code declaredWidth}×{@code declaredHeight} (0×0: unknown, decoded at full
   * size) and fits it.
   *
   * @throws ImageDecodeException as {@link JpegDecoder#decode}, or BAD_DIMENSIONS when the policy
   *     is {@link ResizePolicy#NONE} and the image is not W×H
   */
  public RgbImage jpeg(byte[] data, int declaredWidth, int declaredHeight)
      throws ImageDecodeException {
    requireSize(declaredWidth, declaredHeight);
    JpegDecoder.Size declared =
        declaredWidth > 0 ? new JpegDecoder.Size(declaredWidth, declaredHeight) : null;
    return fit(jpeg.decode(data, declared, this::minimum));
  }

  /**
   * The smallest decoded size from which this fitter still reads a full W×H region: W×H to stretch;
   * the image scaled so that it covers W×H (crop) or fits inside it (letterbox).
   */
  private JpegDecoder.Size minimum(JpegDecoder.Size full) {
    if (policy != ResizePolicy.CROP && policy != ResizePolicy.LETTERBOX) {
      return new JpegDecoder.Size(width, height);
    }
    double sx = (double) width / full.width();
    double sy = (double) height / full.height();
    double s = policy == ResizePolicy.CROP ? Math.max(sx, sy) : Math.min(sx, sy);
    return new JpegDecoder.Size(
        (int) Math.ceil(full.width() * s), (int) Math.ceil(full.height() * s));
  }

  /**
   * Fits decoded pixels.
   *
   * @throws ImageDecodeException BAD_DIMENSIONS when the policy is {@link ResizePolicy#NONE} and
   *     the image is not W×H
   */
  public RgbImage fit(RgbImage image) throws ImageDecodeException {
    requireSize(image.width(), image.height());
    return Resampler.resize(image, width, height, policy);
  }

  private void requireSize(int w, int h) throws ImageDecodeException {
    if (policy == ResizePolicy.NONE && w > 0 && (w != width || h != height)) {
      throw new ImageDecodeException(
          ImageDecodeException.Reason.BAD_DIMENSIONS,
          "expected " + width + "x" + height + " frames (no resizing), got " + w + "x" + h,
          null);
    }
  }
}
