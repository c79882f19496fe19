package io.actionstream.core.synth;

import io.actionstream.core.synth.Vocabulary.ShapeKind;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.EnumMap;
import java.util.Map;

/**
 * Unit geometry of the shapes, centred on the origin with nominal radius 1 (the object's "diameter"
 * is 2 units), plus each shape's orientation notch: a darker stripe from the centre towards +x (0.9
 * units long, clipped to the outline), so that rotation is visible even on a circle. Built once;
 * {@link Shape}s here are never mutated, so sharing them between threads is safe.
 */
final class Shapes {
  /** Every shape fits in a circle of this radius (in units of the nominal radius). */
  static final double BOUNDING_RADIUS = 1.2;

  private static final double STRIPE_HALF_WIDTH = 0.16;
  private static final double STRIPE_LENGTH = 0.9;

  private static final Map<ShapeKind, Shape> OUTLINES = new EnumMap<>(ShapeKind.class);
  private static final Map<ShapeKind, Shape> NOTCHES = new EnumMap<>(ShapeKind.class);

  static {
    for (ShapeKind kind : ShapeKind.values()) {
      Shape outline = outline(kind);
      Area notch =
          new Area(
              new Rectangle2D.Double(
                  0.0, -STRIPE_HALF_WIDTH, STRIPE_LENGTH, 2 * STRIPE_HALF_WIDTH));
      notch.intersect(new Area(outline));
      OUTLINES.put(kind, outline);
      NOTCHES.put(kind, notch);
    }
  }

  private Shapes() {}

  /** The outline of {@code kind} in unit coordinates. */
  static Shape outline(ShapeKind kind) {
    Shape cached = OUTLINES.get(kind);
    if (cached != null) {
      return cached;
    }
    return switch (kind) {
      case SQUARE -> new Rectangle2D.Double(-0.82, -0.82, 1.64, 1.64);
      case CIRCLE -> new Ellipse2D.Double(-1.0, -1.0, 2.0, 2.0);
      case TRIANGLE -> regularStar(3, 1.2, 1.2 * 0.5, false); // equilateral: inradius = R/2
      case STAR -> regularStar(5, 1.2, 0.52, true);
    };
  }

  /** The notch of {@code kind} in unit coordinates (inside the outline). */
  static Shape notch(ShapeKind kind) {
    return NOTCHES.get(kind);
  }

  /**
   * A polygon with {@code points} outer vertices at radius {@code outer}, the first on +x. With
   * {@code star} the edges dip to {@code inner} between vertices; otherwise it is a plain polygon.
   */
  private static Shape regularStar(int points, double outer, double inner, boolean star) {
    Path2D.Double path = new Path2D.Double();
    int steps = star ? points * 2 : points;
    for (int i = 0; i < steps; i++) {
      double angle = 2 * Math.PI * i / steps;
      double r = (star && i % 2 == 1) ? inner : outer;
      double x = r * Math.cos(angle);
      double y = r * Math.sin(angle);
      if (i == 0) {
        path.moveTo(x, y);
      } else {
        path.lineTo(x, y);
      }
    }
    path.closePath();
    return path;
  }
}
