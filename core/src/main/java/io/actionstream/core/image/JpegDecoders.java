package io.actionstream.core.image;

import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the JPEG decoder: {@code turbojpeg} ({@link TurboJpegDecoder}, native, DCT-domain
 * scaling), {@code imageio} ({@link ImageIoDecoder}, pure Java) or {@code auto} (TurboJPEG where it
 * loads, else ImageIO, said once in the log). The binding's jar is {@link
 * TurboJpegDecoder#DEFAULT_JAR} unless the system property {@value #JAR_PROPERTY} or the
 * environment variable {@value #JAR_ENV} names another.
 */
public final class JpegDecoders {
  /** System property naming TurboJPEG's jar. */
  public static final String JAR_PROPERTY = "actionstream.turbojpeg.jar";

  /** Environment variable naming TurboJPEG's jar. */
  public static final String JAR_ENV = "ACTIONSTREAM_TURBOJPEG_JAR";

  private static final Logger LOG = LoggerFactory.getLogger(JpegDecoders.class);

  private JpegDecoders() {}

  /** The decoder {@code auto} chooses, decided once per JVM. */
  public static JpegDecoder auto() {
    return Auto.DECODER;
  }

  /**
   * The decoder called {@code name}: {@code auto}, {@code turbojpeg} or {@code imageio}.
   *
   * @throws IllegalArgumentException for another name
   * @throws IllegalStateException if {@code turbojpeg} is asked for and cannot be loaded
   */
  public static JpegDecoder named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "auto" -> auto();
      case "turbojpeg" -> Auto.TURBO != null ? Auto.TURBO : TurboJpegDecoder.load(jar());
      case "imageio" -> ImageIoDecoder.INSTANCE;
      default ->
          throw new IllegalArgumentException(
              "JPEG decoder must be auto, turbojpeg or imageio, got '" + name + "'");
    };
  }

  /** Where TurboJPEG's jar is looked for. */
  public static Path jar() {
    String property = System.getProperty(JAR_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv(JAR_ENV);
    return env != null && !env.isBlank() ? Path.of(env) : TurboJpegDecoder.DEFAULT_JAR;
  }

  /** Holder: loads TurboJPEG on first use. */
  private static final class Auto {
    static final TurboJpegDecoder TURBO = tryTurbo();
    static final JpegDecoder DECODER = TURBO != null ? TURBO : ImageIoDecoder.INSTANCE;

    private static TurboJpegDecoder tryTurbo() {
      try {
        TurboJpegDecoder turbo = TurboJpegDecoder.load(jar());
        LOG.info("JPEG frames are decoded by TurboJPEG ({})", jar());
        return turbo;
      } catch (IllegalStateException e) {
        LOG.warn("JPEG frames are decoded by javax.imageio, which is slower: {}", e.getMessage());
        return null;
      }
    }
  }
}
