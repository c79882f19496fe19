package io.actionstream.core.image;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * libjpeg-turbo's own Java binding (TurboJPEG, {@code org.libjpegturbo.turbojpeg}), loaded at run
 * time from its jar (Debian's {@code libturbojpeg-java}: {@code /usr/share/java/turbojpeg.jar},
 * which loads {@code libturbojpeg.so} from {@code libturbojpeg0-dev}), so that nothing is needed at
 * build time and {@link ImageIoDecoder} serves where it is missing. Decodes with the accurate
 * integer IDCT and scales in the DCT domain (1/8 steps) when asked for a smaller image.
 *
 * <p>The binding's classes are private to their own class loader and called through method handles;
 * each thread keeps one native decompressor.
 */
public final class TurboJpegDecoder implements JpegDecoder {
  /** Where Debian installs the binding. */
  public static final Path DEFAULT_JAR = Path.of("/usr/share/java/turbojpeg.jar");

  private final MethodHandle create;
  private final MethodHandle setSource;
  private final MethodHandle width;
  private final MethodHandle height;
  private final MethodHandle colourspace;
  private final MethodHandle decompress;
  private final int pixelFormatRgb;
  private final int stopOnWarning;
  private final int csCmyk;
  private final int csYcck;
  private final int[][] scales; // {num, denom}, largest first, at most 1
  private final ThreadLocal<Object> decompressor;

  private TurboJpegDecoder(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> tj = Class.forName("org.libjpegturbo.turbojpeg.TJ", true, loader);
    Class<?> dec = Class.forName("org.libjpegturbo.turbojpeg.TJDecompressor", true, loader);
    Class<?> factor = Class.forName("org.libjpegturbo.turbojpeg.TJScalingFactor", true, loader);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    create = lookup.findConstructor(dec, MethodType.methodType(void.class));
    setSource =
        lookup.findVirtual(
            dec, "setSourceImage", MethodType.methodType(void.class, byte[].class, int.class));
    width = lookup.findVirtual(dec, "getWidth", MethodType.methodType(int.class));
    height = lookup.findVirtual(dec, "getHeight", MethodType.methodType(int.class));
    colourspace = lookup.findVirtual(dec, "getColorspace", MethodType.methodType(int.class));
    decompress =
        lookup.findVirtual(
            dec,
            "decompress",
            MethodType.methodType(
                void.class,
                byte[].class,
                int.class,
                int.class,
                int.class,
                int.class,
                int.class,
                int.class,
                int.class));
    pixelFormatRgb = tj.getField("PF_RGB").getInt(null);
    stopOnWarning = tj.getField("FLAG_STOPONWARNING").getInt(null);
    csCmyk = tj.getField("CS_CMYK").getInt(null);
    csYcck = tj.getField("CS_YCCK").getInt(null);
    Object[] factors = (Object[]) tj.getMethod("getScalingFactors").invoke(null);
    List<int[]> usable = new ArrayList<>();
    for (Object f : factors) {
      int num = (int) factor.getMethod("getNum").invoke(f);
      int denom = (int) factor.getMethod("getDenom").invoke(f);
      if (num <= denom) {
        usable.add(new int[] {num, denom});
      }
    }
    usable.sort(Comparator.comparingDouble((int[] f) -> (double) f[0] / f[1]).reversed());
    scales = usable.toArray(int[][]::new);
    decompressor =
        ThreadLocal.withInitial(
            () -> {
              try {
                return create.invoke();
              } catch (Throwable e) {
                throw new IllegalStateException("cannot create a TurboJPEG decompressor", e);
              }
            });
    decompressor.get(); // loads the native library now, so a missing one fails here
  }

  /**
   * Loads the binding from {@code jar}.
   *
   * @throws IllegalStateException saying what is missing (the jar, or the native library)
   */
  public static TurboJpegDecoder load(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "TurboJPEG's Java binding is not at "
              + jar
              + " (Debian: apt-get install libturbojpeg-java libturbojpeg0-dev)");
    }
    try {
      URLClassLoader loader =
          new URLClassLoader(
              "turbojpeg",
              new URL[] {jar.toUri().toURL()},
              TurboJpegDecoder.class.getClassLoader());
      return new TurboJpegDecoder(loader);
    } catch (ReflectiveOperationException | java.net.MalformedURLException e) {
      throw new IllegalStateException(jar + " is not a usable TurboJPEG binding: " + e, e);
    } catch (IllegalStateException | LinkageError e) {
      throw new IllegalStateException(
          "TurboJPEG's native library could not be loaded (Debian: apt-get install"
              + " libturbojpeg0-dev, which provides libturbojpeg.so): "
              + (e.getCause() != null ? e.getCause() : e),
          e);
    }
  }

  @Override
  public String name() {
    return "turbojpeg";
  }

  @Override
  public RgbImage decode(byte[] jpeg, Size declared, UnaryOperator<Size> minimum)
      throws ImageDecodeException {
    Object d = decompressor.get();
    int w;
    int h;
    int cs;
    try {
      setSource.invoke(d, jpeg, jpeg.length);
      w = (int) width.invoke(d);
      h = (int) height.invoke(d);
      cs = (int) colourspace.invoke(d);
    } catch (Throwable e) {
      throw unreadable(jpeg, e);
    }
    if (declared != null && (w != declared.width() || h != declared.height())) {
      throw ImageDecodeException.badDimensions("jpeg", declared.width(), declared.height(), w, h);
    }
    if (cs == csCmyk || cs == csYcck) {
      throw ImageDecodeException.unsupportedColour("jpeg", 4);
    }
    Size min = minimum.apply(new Size(w, h));
    int[] scale = scale(w, h, min.width(), min.height());
    int sw = scaled(w, scale);
    int sh = scaled(h, scale);
    byte[] rgb = new byte[sw * sh * 3];
    try {
      decompress.invoke(d, rgb, 0, 0, sw, sw * 3, sh, pixelFormatRgb, stopOnWarning);
    } catch (Throwable e) {
      throw unreadable(jpeg, e);
    }
    return new RgbImage(sw, sh, rgb);
  }

  /** The smallest usable scale whose image is at least {@code minW}×{@code minH}. */
  private int[] scale(int w, int h, int minW, int minH) {
    int[] best = scales[0];
    if (minW < 1 && minH < 1) {
      return best; // full size
    }
    for (int[] s : scales) {
      if (scaled(w, s) >= minW && scaled(h, s) >= minH) {
        best = s;
      }
    }
    return best;
  }

  private static int scaled(int dimension, int[] scale) {
    return (int) (((long) dimension * scale[0] + scale[1] - 1) / scale[1]);
  }

  /**
   * The failure of {@code jpeg}; the thread's decompressor is replaced, because after an error
   * libjpeg's state is not reliably reset for the next image.
   */
  private ImageDecodeException unreadable(byte[] jpeg, Throwable e) {
    decompressor.remove();
    return ImageDecodeException.unreadable("jpeg", jpeg.length, e);
  }
}
