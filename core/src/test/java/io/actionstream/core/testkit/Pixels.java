package io.actionstream.core.testkit;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/** Pixel counts for tests of rendered charts and images. */
public final class Pixels {
  private Pixels() {}

  /** Pixels inside {@code area} within a small distance (12, summed over RGB) of {@code colour}. */
  public static int countNear(BufferedImage image, Rectangle area, Color colour) {
    int n = 0;
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        Color c = new Color(image.getRGB(x, y));
        int d =
            Math.abs(c.getRed() - colour.getRed())
                + Math.abs(c.getGreen() - colour.getGreen())
                + Math.abs(c.getBlue() - colour.getBlue());
        n += d <= 12 ? 1 : 0;
      }
    }
    return n;
  }
}
